// providerEndpoints: where the sign-in code sends the user and fetches tokens, claims and keys.
import { describe, expect, it } from 'vitest';
import { providerEndpoints } from '../../../src/domain/identity-providers.js';
import type { IdentityProviderRecord } from '../../../src/store/store.js';

const provider = (type: string, details: Record<string, string>): IdentityProviderRecord => ({
  poolId: 'us-east-1_abc', name: type, type, details, attributeMapping: {}, idpIdentifiers: [], createdAt: 0, updatedAt: 0,
});

describe('providerEndpoints', () => {
  it('adds the JWKS Google and Apple sign ID tokens with, unless the details override it', () => {
    expect(providerEndpoints(provider('Google', {})).jwksUri).toBe('https://www.googleapis.com/oauth2/v3/certs');
    expect(providerEndpoints(provider('SignInWithApple', {})).jwksUri).toBe('https://appleid.apple.com/auth/keys');
    expect(providerEndpoints(provider('Google', { jwks_uri: 'http://127.0.0.1:8080/jwks' })).jwksUri).toBe('http://127.0.0.1:8080/jwks');
    expect(providerEndpoints(provider('Facebook', {})).jwksUri).toBeUndefined();
  });

  it('reads the request methods and splits scopes on spaces or commas', () => {
    const endpoints = providerEndpoints(provider('Facebook', { token_request_method: 'GET', authorize_scopes: 'public_profile, email', token_url: 'https://t' }));
    expect(endpoints).toMatchObject({ tokenRequestMethod: 'GET', attributesRequestMethod: 'GET', scopes: ['public_profile', 'email'], tokenUrl: 'https://t' });
    const oidc = providerEndpoints(provider('OIDC', { attributes_request_method: 'POST', authorize_scopes: 'openid  email', oidc_issuer: 'https://idp' }));
    expect(oidc).toMatchObject({ tokenRequestMethod: 'POST', attributesRequestMethod: 'POST', scopes: ['openid', 'email'], issuer: 'https://idp' });
  });
});
