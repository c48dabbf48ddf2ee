// TypeBox shapes shared by several operations, with Cognito's constraints.
import { Type } from '@sinclair/typebox';
import { USERNAME_PATTERN } from '../domain/users.js';

export const UserPoolId = Type.String({ minLength: 1, maxLength: 55, pattern: '^[\\w-]+_[0-9a-zA-Z]+$' });
export const ClientId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\w+]+$' });
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
