// POST /oauth2/token: authenticate the client, then run the grant named by grant_type.
// Grants are registered from the list below (one module each), not switched on.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { OAuthError, invalidRequest } from '../cognito/oauth-errors.js';
import { requirePoolContext } from '../web/pool-context.js';
import { authenticateClient, clientIdOfAuthentication } from './client-auth.js';
import { singleValued } from '../web/form.js';
import { admitToPoolQuota } from '../domain/quotas/pool-admission.js';
import type { Grant } from './grants/grant.js';
import { authorizationCodeGrant } from './grants/authorization-code.js';
import { refreshTokenGrant } from './grants/refresh-token.js';
import { clientCredentialsGrant } from './grants/client-credentials.js';
import { derive } from '../derive.js';

const GRANTS: readonly Grant[] = [authorizationCodeGrant, refreshTokenGrant, clientCredentialsGrant];

export function tokenRoute(deps: Deps) {
  const grants = new Map<string, Grant>();
  for (const grant of GRANTS) grants.set(grant.grantType, grant);

  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { pool } = await requirePoolContext(deps, request, clientIdOfAuthentication);
    if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
      throw invalidRequest('The body must be application/x-www-form-urlencoded.');
    }
    const form = singleValued(request.body);
    if (!form.grant_type) throw invalidRequest('grant_type is required.');
    const grant = grants.get(form.grant_type);
    if (!grant) throw new OAuthError('unsupported_grant_type', `grant_type ${form.grant_type} is not supported.`);
    // Counted before the client is authenticated, as the API counts GetClientToken: a flood of
    // wrong secrets spends its pool's budget and no more. Beyond it: 429 (oauth/plugin.ts).
    if (grant.quotaCategory) admitToPoolQuota(deps, pool.id, grant.quotaCategory);
    const client = await authenticateClient(deps, pool, request, form, { requireOAuthClient: true });
    for (const name of grant.required) if (!form[name]) throw invalidRequest(`${name} is required.`);
    // The caller is recorded with the session a code exchange opens or a refresh uses.
    const body = await grant.handler(derive(deps, { requestClient: { ip: request.ip, userAgent: request.headers['user-agent'] } }), pool, client, form);
    return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(body);
  };
}
