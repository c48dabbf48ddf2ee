// Client authentication at /oauth2/token and /oauth2/revoke (RFC 6749 §2.3):
// - client_secret_basic: Authorization: Basic base64(urlencode(id):urlencode(secret));
// - client_secret_post: client_id and client_secret form fields; never both methods at once;
// - public clients send client_id alone; a client with a secret must prove it with any of its
//   active secrets (constant time);
// - failures are invalid_client, 401 with WWW-Authenticate (RFC 6749 §5.2).
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import type { ClientRecord, PoolRecord } from '../store/store.js';
import { hasClientSecret, isClientSecret } from '../domain/client-secrets.js';
import { OAuthError, invalidRequest } from '../cognito/oauth-errors.js';
import { couldBeClientId } from '../cognito/shapes.js';
import { singleValued } from '../web/form.js';
import type { ClientNaming } from '../web/pool-context.js';

const invalidClient = (description: string) =>
  new OAuthError('invalid_client', description, { status: 401, headers: { 'www-authenticate': 'Basic realm="oauth2", error="invalid_client"' } });

function basicCredentials(request: FastifyRequest): { id: string; secret: string } | undefined {
  const header = request.headers.authorization;
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw invalidClient('Malformed Basic credentials.');
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')), secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')) };
  } catch {
    throw invalidClient('Malformed Basic credentials.');
  }
}

/** At the server's own origin the client authentication names the pool: Basic credentials, else client_id in the form. */
export const clientIdOfAuthentication: ClientNaming = {
  clientIdOf: (request) => basicCredentials(request)?.id ?? singleValued(request.body).client_id,
  missing: () => invalidClient('Client authentication is required.'),
  unknown: () => invalidClient('Client authentication failed.'),
};

export async function authenticateClient(
  deps: Deps,
  pool: PoolRecord,
  request: FastifyRequest,
  form: Record<string, string>,
  options: { requireOAuthClient: boolean },
): Promise<ClientRecord> {
  const basic = basicCredentials(request);
  if (basic && form.client_secret !== undefined) throw invalidRequest('Use one client authentication method only.');
  if (basic && form.client_id !== undefined && form.client_id !== basic.id) throw invalidRequest('client_id does not match the authenticated client.');
  const clientId = basic?.id ?? form.client_id;
  const presented = basic?.secret ?? form.client_secret;
  if (!clientId) throw invalidClient('Client authentication is required.');
  const client = couldBeClientId(clientId) ? await deps.store.clients.find(clientId) : undefined;
  if (!client || client.poolId !== pool.id) throw invalidClient('Client authentication failed.');
  if (hasClientSecret(client)) {
    if (!isClientSecret(deps, client, presented)) throw invalidClient('Client authentication failed.');
  } else if (presented !== undefined && presented !== '') {
    // Cognito: a secret sent for a client without one.
    throw new OAuthError('unauthorized_client', 'The app client has no secret.');
  }
  if (options.requireOAuthClient && !client.config.AllowedOAuthFlowsUserPoolClient) throw new OAuthError('unauthorized_client', 'The app client is not enabled for OAuth flows.');
  return client;
}

