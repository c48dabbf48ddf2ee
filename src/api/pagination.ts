// Pagination tokens are opaque to clients: base64url JSON of the resume point and the query it
// belongs to, so a token replayed against another query is refused as Cognito refuses it.
import { InvalidParameterException } from '../cognito/errors.js';

export function encodePageToken(query: string, after: unknown): string {
  return Buffer.from(JSON.stringify({ q: query, a: after })).toString('base64url');
}

export function decodePageToken<T>(token: string | undefined, query: string): T | undefined {
  if (token === undefined || token === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (parsed && parsed.q === query && parsed.a !== undefined) return parsed.a as T;
  } catch {
    // fall through to the error
  }
  throw new InvalidParameterException('Pagination token is invalid for this request.');
}
