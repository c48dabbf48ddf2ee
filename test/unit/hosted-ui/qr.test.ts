import { describe, expect, it } from 'vitest';
import { otpauthUri, qrSvg } from '../../../src/hosted-ui/views/qr.js';

describe('authenticator QR code', () => {
  it('builds the otpauth URI with an issuer:account label, both percent-encoded, and the issuer parameter', () => {
    expect(otpauthUri('My Pool', 'ana@example.com', 'JBSWY3DPEHPK3PXP'))
      .toBe('otpauth://totp/My%20Pool:ana%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=My%20Pool');
    // A colon or an ampersand in a name cannot split the label or add a parameter.
    expect(otpauthUri('a:b&c', 'x:y', 'S')).toBe('otpauth://totp/a%3Ab%26c:x%3Ay?secret=S&issuer=a%3Ab%26c');
  });

  it('renders an SVG with no script and no style attribute, different for different URIs', async () => {
    const one = (await qrSvg(otpauthUri('p', 'a', 'AAAA')))!.value;
    const two = (await qrSvg(otpauthUri('p', 'b', 'AAAA')))!.value;
    expect(one).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
    expect(one).not.toMatch(/<script|style=|on\w+=/i);
    expect(one).not.toBe(two);
  });

  it('answers no QR code, rather than failing the page, for a URI too long for one', async () => {
    const uri = otpauthUri('+'.repeat(128), `${'a'.repeat(2000)}@example.com`, 'JBSWY3DPEHPK3PXP');
    expect(await qrSvg(uri)).toBeUndefined();
  });
});
