// The input shapes of CreateIdentityProvider / UpdateIdentityProvider: what the API and the declared
// pools file (declare/file-schema.ts) both accept.
import { Type } from '@sinclair/typebox';

export const PROVIDER_TYPES = ['SAML', 'Facebook', 'Google', 'LoginWithAmazon', 'SignInWithApple', 'OIDC'] as const;

/** Cognito's model for a new provider's name: no underscore or separator first, none after the second character. */
export const NEW_PROVIDER_NAME_PATTERN = /^[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+$/u;

export const ProviderType = Type.Union(PROVIDER_TYPES.map((t) => Type.Literal(t)));
export const ProviderDetails = Type.Record(Type.String({ maxLength: 131_072 }), Type.String({ maxLength: 131_072 }));
export const AttributeMapping = Type.Record(Type.String({ minLength: 1, maxLength: 32 }), Type.String({ maxLength: 131_072 }));
export const IdpIdentifier = Type.String({ minLength: 1, maxLength: 40, pattern: '^[\\w\\s+=.@-]+$' });
export const IdpIdentifiers = Type.Array(IdpIdentifier, { maxItems: 50 });
export const AcrMapping = Type.Record(Type.String({ minLength: 1, maxLength: 32 }), Type.String({ minLength: 1, maxLength: 2048 }));
