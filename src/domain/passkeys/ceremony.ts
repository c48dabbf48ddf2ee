// What registration and sign-in share: reading the client data a browser signed, and the
// Cognito-shaped error for a ceremony the library refused.
import { InvalidParameterException, NotAuthorizedException, WebAuthnOriginNotAllowedException, WebAuthnRelyingPartyMismatchException } from '../../cognito/errors.js';

interface ClientData {
  challenge: string;
  origin: string;
}

/** The challenge and origin of response.clientDataJSON; InvalidParameterException when it is not one. */
export function clientDataOf(credential: unknown): ClientData {
  const encoded = (credential as { response?: { clientDataJSON?: unknown } } | null)?.response?.clientDataJSON;
  try {
    if (typeof encoded !== 'string') throw new Error('missing');
    const parsed = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (typeof parsed.challenge === 'string' && typeof parsed.origin === 'string') return { challenge: parsed.challenge, origin: parsed.origin };
  } catch {
    // fall through
  }
  throw new InvalidParameterException('The credential is not a valid WebAuthn response.');
}

/** The error for a refused ceremony: an origin not allowed, another relying party, or anything else. */
export function ceremonyError(cause: unknown): Error {
  if (cause === 'origin') return new WebAuthnOriginNotAllowedException('The origin of the WebAuthn response is not allowed for this user pool.');
  const message = cause instanceof Error ? cause.message : '';
  if (/RP ID/i.test(message)) return new WebAuthnRelyingPartyMismatchException('The WebAuthn response is for another relying party.');
  return new NotAuthorizedException('The WebAuthn credential could not be verified.');
}
