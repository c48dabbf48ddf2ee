import { describe, expect, it } from 'vitest';
import { describeDevice } from '../../../src/domain/device-description.js';

describe('describeDevice', () => {
  it.each([
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36', 'Chrome 125 / macOS 10.15.7'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.2535.51', 'Edge 125 / Windows'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0', 'Firefox 126 / Linux'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', 'Safari 17.5 / iOS 17.5'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36', 'Chrome 125 / Android 14'],
    ['aws-sdk-js/3.1169.0 ua/2.1 os/linux#6.1.0 lang/js md/nodejs#22.1.0 api/cognito-identity-provider#3.1169.0', 'aws-sdk-js 3.1169.0 / Linux'],
    ['aws-sdk-js/3.1169.0 ua/2.1 os/darwin#23.5.0 lang/js', 'aws-sdk-js 3.1169.0 / macOS'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36', 'Chrome 131 / Linux'],
    ['curl/8.5.0', 'curl 8.5.0'],
    ['something else entirely', 'unknown'],
    ['', 'unknown'],
  ])('%s → %s', (userAgent, expected) => {
    expect(describeDevice(userAgent)).toBe(expected);
  });

  it('answers unknown without a User-Agent, and stays short on a huge one', () => {
    expect(describeDevice(undefined)).toBe('unknown');
    expect(describeDevice(`${'x'.repeat(100_000)} Firefox/1`).length).toBeLessThan(64);
  });
});
