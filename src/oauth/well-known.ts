// JWKS and OpenID discovery for each pool, at /<poolId>/.well-known/… on the API host.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../domain/deps.js';

const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;
// Browser apps (oidc-client-ts, Amplify) fetch discovery and keys cross-origin, as they do from Cognito.
const PUBLIC_HEADERS = { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' };

export async function wellKnownPlugin(app: FastifyInstance, { deps }: { deps: Deps }): Promise<void> {
  const requirePool = async (poolId: string) => (POOL_ID.test(poolId) ? deps.store.pools.find(poolId) : undefined);

  app.get<{ Params: { poolId: string } }>('/:poolId/.well-known/jwks.json', async (request, reply) => {
    const pool = await requirePool(request.params.poolId);
    if (!pool) return reply.code(404).send({ message: 'User pool does not exist.' });
    return reply.headers(PUBLIC_HEADERS).send(await deps.keys.jwks(pool.id));
  });

  app.get<{ Params: { poolId: string } }>('/:poolId/.well-known/openid-configuration', async (request, reply) => {
    const pool = await requirePool(request.params.poolId);
    if (!pool) return reply.code(404).send({ message: 'User pool does not exist.' });
    const issuer = deps.issuer(pool.id);
    const endpoints = `${deps.baseUrl()}/${pool.id}`;
    return reply.headers(PUBLIC_HEADERS).send({
      authorization_endpoint: `${endpoints}/oauth2/authorize`,
      end_session_endpoint: `${endpoints}/logout`,
      id_token_signing_alg_values_supported: ['RS256'],
      issuer,
      jwks_uri: `${deps.baseUrl()}/${pool.id}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      revocation_endpoint: `${endpoints}/oauth2/revoke`,
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      token_endpoint: `${endpoints}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      userinfo_endpoint: `${endpoints}/oauth2/userInfo`,
    });
  });
}
