// The input shapes of CreateResourceServer / UpdateResourceServer: what the API and the declared
// pools file (declare/file-schema.ts) both accept.
import { Type } from '@sinclair/typebox';

export const ResourceServerIdentifier = Type.String({ minLength: 1, maxLength: 256, pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$' });

export const ResourceServerSettings = {
  Name: Type.String({ minLength: 1, maxLength: 256, pattern: '^[\\w\\s+=,.@-]+$' }),
  Scopes: Type.Optional(Type.Array(Type.Object({
    ScopeName: Type.String({ minLength: 1, maxLength: 256, pattern: '^[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+$' }),
    ScopeDescription: Type.String({ minLength: 1, maxLength: 256 }),
  }), { maxItems: 100 })),
};
