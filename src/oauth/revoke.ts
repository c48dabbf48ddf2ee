// POST /oauth2/revoke (RFC 7009): revokes a refresh token and everything minted from its sign-in
// session. Unknown or already revoked tokens answer 200 (RFC 7009 §2.2); a token of another
// client is refused and left alone; a client with EnableTokenRevocation=false cannot revoke.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.js';
import { sha256Hex } from '../crypto/digest.js';
import { OAuthError, invalidRequest } from './errors.js';
import { requirePoolContext } from './pool-context.js';
import { authenticateClient } from './client-auth.js';
import { singleValued } from './form.js';

export function revokeRoute(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { pool } = await requirePoolContext(deps, request);
    const form = singleValued(request.body);
    const client = await authenticateClient(deps, pool, request, form, { requireOAuthClient: false });
    if (!form.token) throw invalidRequest('token is required.');
    if (client.config.EnableTokenRevocation === false) throw new OAuthError('unsupported_token_type', 'Token revocation is disabled for this app client.');
    const record = await deps.store.refreshTokens.find(sha256Hex(form.token));
    if (record) {
      if (record.clientId !== client.id) throw new OAuthError('unauthorized_client', 'The token was not issued to this client.');
      const now = deps.clock.now();
      await deps.store.refreshTokens.revoke(record.tokenHash, now);
      await deps.store.authSessions.revoke(record.originJti, now);
    }
    return reply.header('cache-control', 'no-store').code(200).send();
  };
}
