// Pagination tokens are opaque to clients: base64url JSON of the resume point and the query it
// belongs to, so a token replayed against another query is refused as Cognito refuses it. A
// token comes back from the client, so its resume point is checked against the shape the query
// expects before it reaches the store (a number or an object where SQL binds a name is a 500, and
// so is U+0000, which PostgreSQL cannot bind as text).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { InvalidParameterException } from '../cognito/errors.js';

/** The resume point of most lists: the last name, id or key of the previous page. */
export const NameCursor = Type.String({ minLength: 1, maxLength: 2048 });

export function encodePageToken(query: string, after: unknown): string {
  return Buffer.from(JSON.stringify({ q: query, a: after })).toString('base64url');
}

export function decodePageToken<S extends TSchema>(token: string | undefined, query: string, cursor: S): Static<S> | undefined {
  if (token === undefined || token === '') return undefined;
  let parsed: { q?: unknown; a?: unknown } | undefined;
  let holdsNul = false;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'), (key, value) => {
      if (key.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000'))) holdsNul = true;
      return value;
    });
  } catch {
    // fall through to the error
  }
  if (!holdsNul && parsed !== null && typeof parsed === 'object' && parsed.q === query && Value.Check(cursor, parsed.a)) return parsed.a;
  throw new InvalidParameterException('Pagination token is invalid for this request.');
}
