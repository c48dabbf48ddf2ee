// grant_type=client_credentials (RFC 6749 §4.4), machine to machine:
// - only for a client with a secret that allows the client_credentials flow;
// - scope ⊆ the client's AllowedOAuthScopes (default: all), which can only be custom
//   resource-server scopes (CreateUserPoolClient refuses the standard ones with this flow);
// - an access token only: no ID token, no refresh token;
// - aws_client_metadata, a JSON object of strings, is the clientMetadata of a V3_0 PreTokenGeneration.
import { OAuthError, invalidRequest } from '../../cognito/oauth-errors.js';
import { CognitoError } from '../../cognito/errors.js';
import { hasClientSecret } from '../../domain/client-secrets.js';
import { grantedClientScopes } from '../../domain/client-credentials.js';
import { issueClientToken } from '../../domain/issue-tokens.js';
import type { Grant } from './grant.js';

function readClientMetadata(text: string | undefined): Record<string, string> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidRequest('aws_client_metadata must be a JSON object of strings.');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw invalidRequest('aws_client_metadata must be a JSON object of strings.');
  }
  return value as Record<string, string>;
}

export const clientCredentialsGrant: Grant = {
  grantType: 'client_credentials',
  required: [],
  // Cognito: the client_credentials grant counts against ClientAuthentication, as GetClientToken does.
  quotaCategory: 'ClientAuthentication',
  async handler(deps, pool, client, form) {
    if (!hasClientSecret(client) || !(client.config.AllowedOAuthFlows ?? []).includes('client_credentials')) {
      throw new OAuthError('unauthorized_client', 'The app client is not allowed the client_credentials flow.');
    }
    const requested = form.scope?.split(' ').filter(Boolean);
    const scopes = await grantedClientScopes(deps, pool, client, requested).catch((error: unknown) => {
      throw error instanceof CognitoError ? new OAuthError('invalid_scope', error.message) : error;
    });
    const token = await issueClientToken(deps, pool, client, scopes, readClientMetadata(form.aws_client_metadata));
    return { access_token: token.AccessToken, expires_in: token.ExpiresIn, token_type: 'Bearer' };
  },
};
