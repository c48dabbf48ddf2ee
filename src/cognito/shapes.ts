// TypeBox shapes shared by several operations, with Cognito's constraints.
import { Type } from '@sinclair/typebox';

/** Cognito's ArnType pattern (role ARNs, Lambda function ARNs, KMS key ARNs, certificate ARNs). */
export const ARN_PATTERN = '^arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?$';

/**
 * Cognito's username pattern: letters, marks, symbols, numbers and punctuation only, so no spaces,
 * controls or format characters (U+202E, the bidirectional override, is refused). The API's
 * Username shape and every creation path use this one rule.
 */
export const USERNAME_PATTERN = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

export const UserPoolId = Type.String({ minLength: 1, maxLength: 55, pattern: '^[\\w-]+_[0-9a-zA-Z]+$' });
export const ClientId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\w+]+$' });

/**
 * Whether a client id taken from a URL, a form, a header or an unverified token can name a client
 * at all: one that is too long, or holds U+0000 (text PostgreSQL cannot bind), is no client's and
 * is never looked up.
 */
export const couldBeClientId = (value: string): boolean => value.length <= 128 && !value.includes('\u0000');
// Type.RegExp, not a string pattern: TypeBox compiles string patterns without the u flag, and
// Cognito's pattern needs Unicode classes.
export const Username = Type.RegExp(USERNAME_PATTERN, { minLength: 1, maxLength: 128 });
export const Password = Type.String({ minLength: 1, maxLength: 256 });
export const SecretHash = Type.String({ minLength: 1, maxLength: 128 });
export const Token = Type.String({ minLength: 1, maxLength: 16_384 });
export const AttributeType = Type.Object({
  Name: Type.String({ minLength: 1, maxLength: 32 }),
  Value: Type.Optional(Type.String({ maxLength: 2048 })),
});
export const AttributeList = Type.Array(AttributeType, { maxItems: 100 });
export const StringMap = Type.Record(Type.String({ maxLength: 256 }), Type.String({ maxLength: 4096 }));
export const ListLimit = (max: number) => Type.Integer({ minimum: 0, maximum: max });
export const NextToken = Type.String({ minLength: 1, maxLength: 4096 });
