// The development identity provider registered in a pool as a developer would, with its defaults:
// client id and secret, issuer at /_dev-idp, and the email and name mapped.
import { CreateIdentityProviderCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from '../helpers/server.js';

export async function registerDevIdp(t: TestServer, poolId: string, providerName = 'DevIdP'): Promise<void> {
  await t.cognito.send(new CreateIdentityProviderCommand({
    UserPoolId: poolId, ProviderName: providerName, ProviderType: 'OIDC',
    ProviderDetails: {
      client_id: 'gatehouse-dev-idp', client_secret: 'gatehouse-dev-idp-secret', oidc_issuer: `${t.url}/_dev-idp`,
      authorize_scopes: 'openid email profile', attributes_request_method: 'GET',
    },
    AttributeMapping: { email: 'email', email_verified: 'email_verified', name: 'name' },
  }));
}
