// PKCE (RFC 7636), S256 only as in Cognito:
// - code_challenge: 43 base64url characters (a SHA-256); method must be S256 when given;
// - code_verifier: 43–128 characters of [A-Za-z0-9-._~]; BASE64URL(SHA256(verifier)) must equal the challenge.
import { createHash } from 'node:crypto';
import { constantTimeEqual } from './digest.js';

const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export const isValidChallenge = (challenge: string): boolean => CHALLENGE.test(challenge);

export function verifiesChallenge(verifier: string | undefined, challenge: string): boolean {
  if (!verifier || !VERIFIER.test(verifier)) return false;
  return constantTimeEqual(createHash('sha256').update(verifier).digest('base64url'), challenge);
}
