// The origins a passkey ceremony may come from (pure logic): the relying-party id's host or a
// subdomain, over https, or over http on localhost with any port.
import { describe, expect, it } from 'vitest';
import { isAllowedOrigin } from '../../src/domain/passkeys/relying-party.js';

describe('isAllowedOrigin', () => {
  it.each([
    ['https://example.com', 'example.com'],
    ['https://auth.example.com', 'example.com'],
    ['https://example.com:8443', 'example.com'],
    ['http://localhost:5173', 'localhost'],
    ['http://app.localhost:3000', 'localhost'],
  ])('allows %s for %s', (origin, rpId) => expect(isAllowedOrigin(origin, rpId)).toBe(true));

  it.each([
    ['http://example.com', 'example.com'],
    ['https://badexample.com', 'example.com'],
    ['https://example.com.evil.test', 'example.com'],
    ['https://example.com', 'auth.example.com'],
    ['http://127.0.0.1:5173', 'localhost'],
    ['not a url', 'localhost'],
  ])('refuses %s for %s', (origin, rpId) => expect(isAllowedOrigin(origin, rpId)).toBe(false));
});
