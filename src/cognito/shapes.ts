// TypeBox shapes shared by several operations, with Cognito's constraints.
import { Type } from '@sinclair/typebox';

export const UserPoolId = Type.String({ minLength: 1, maxLength: 55, pattern: '^[\\w-]+_[0-9a-zA-Z]+$' });
export const ClientId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[\\w+]+$' });
// Cognito's pattern is [\p{L}\p{M}\p{S}\p{N}\p{P}]+ (no spaces or controls); TypeBox compiles
// patterns without the u flag, so the same set is written as its complement.
export const Username = Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s\\x00-\\x1f\\x7f]+$' });
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
