// POST /oauth2/revoke (RFC 7009): revokes a refresh token and everything minted from its sign-in
// session. Unknown or already revoked tokens answer 200 (RFC 7009 §2.2); a token of another
// client is refused and left alone; a client with EnableTokenRevocation=false cannot revoke.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.js';
import { NotAuthorizedException, UnsupportedOperationException, UnsupportedTokenTypeException } from '../api/errors.js';
import { revokeRefreshToken } from '../domain/revocation.js';
import { OAuthError, invalidRequest } from './errors.js';
import { requirePoolContext } from './pool-context.js';
import { authenticateClient, clientIdOfAuthentication } from './client-auth.js';
import { singleValued } from './form.js';

export function revokeRoute(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { pool } = await requirePoolContext(deps, request, clientIdOfAuthentication);
    const form = singleValued(request.body);
    const client = await authenticateClient(deps, pool, request, form, { requireOAuthClient: false });
    if (!form.token) throw invalidRequest('token is required.');
    try {
      await revokeRefreshToken(deps, client, form.token);
    } catch (error) {
      // The same rule as RevokeToken, in RFC 7009's words.
      if (error instanceof UnsupportedOperationException || error instanceof UnsupportedTokenTypeException) {
        throw new OAuthError('unsupported_token_type', error.message);
      }
      if (error instanceof NotAuthorizedException) throw new OAuthError('unauthorized_client', 'The token was not issued to this client.');
      throw error;
    }
    return reply.header('cache-control', 'no-store').code(200).send();
  };
}
