// GET|POST /_dev-idp/userinfo (OIDC Core §5.3): the person an access token of this provider was
// issued for. Errors per RFC 6750 §3, with WWW-Authenticate.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError } from '../cognito/oauth-errors.js';
import type { DevIdp } from './provider.js';

const bearerRequired = () => new OAuthError('invalid_request', 'Bearer access token required.', { status: 401, headers: { 'www-authenticate': 'Bearer realm="dev-idp"' } });
const invalidToken = () =>
  new OAuthError('invalid_token', 'The access token is invalid or has expired.', { status: 401, headers: { 'www-authenticate': 'Bearer realm="dev-idp", error="invalid_token"' } });

export function userInfoRoute(idp: DevIdp) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    if (!header || !/^bearer /i.test(header)) throw bearerRequired();
    const claims = await idp.verify(header.slice(7).trim());
    if (!claims || claims.token_use !== 'access') throw invalidToken();
    const { sub, email, email_verified, name, phone_number } = claims;
    return reply.header('cache-control', 'no-store').send({ sub, email, email_verified, name, ...(phone_number !== undefined && { phone_number }) });
  };
}
