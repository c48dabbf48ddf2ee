import { describe, expect, it } from 'vitest';
import { isValidChallenge, verifiesChallenge } from '../../../src/crypto/pkce.js';

// BASE64URL(SHA-256(verifier)), computed once with node:crypto.
const VERIFIER = 'dBjftJeZ4CVP-mJ92K9mTJ6ayAkzyBLw9RhB7FkfWPo';
const CHALLENGE = '0XTlreowRdcG1EsQcfvXxUNfH5-XYtRdsQculU9OkD0';

describe('PKCE S256', () => {
  it.each([
    ['the verifier of the challenge', VERIFIER, true],
    ['a different verifier', `${VERIFIER.slice(0, -1)}x`, false],
    ['a missing verifier', undefined, false],
    ['a verifier shorter than 43 characters', VERIFIER.slice(0, 42), false],
    ['a verifier with characters outside the unreserved set', `${VERIFIER.slice(0, -1)}/`, false],
    ['the challenge itself (plain method)', CHALLENGE, false],
  ])('accepts or refuses %s', (_name, verifier, expected) => {
    expect(verifiesChallenge(verifier, CHALLENGE)).toBe(expected);
  });

  it.each([
    [CHALLENGE, true],
    [CHALLENGE.slice(1), false],
    [`${CHALLENGE}=`, false],
    ['', false],
  ])('judges the challenge %j well-formed: %s', (challenge, expected) => {
    expect(isValidChallenge(challenge)).toBe(expected);
  });
});
