// POST /_dev-idp/token (RFC 6749 §4.1.3, OIDC Core §3.1.3): the authorization_code grant only.
// - the configured client authenticates: client_secret_basic or client_secret_post (one of them),
//   secret compared in constant time; anything else is invalid_client, 401;
// - the code must be ours, unexpired, issued to this client for this redirect_uri, and answer its
//   PKCE challenge (a code_verifier for a code without one is refused too); then it is spent, once;
// - answers an ID token (sub, email, email_verified, name, phone_number when one was typed, nonce)
//   and an access token for userinfo.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { OAuthError, invalidGrant, invalidRequest } from '../cognito/oauth-errors.js';
import { constantTimeEqual } from '../crypto/digest.js';
import { verifiesChallenge } from '../crypto/pkce.js';
import { newOpaqueToken } from '../crypto/random.js';
import { singleValued } from '../web/form.js';
import { openCode, spendCode } from './codes.js';
import type { DevIdp } from './provider.js';

const TOKEN_TTL_SECONDS = 3600;

const invalidClient = () =>
  new OAuthError('invalid_client', 'Client authentication failed.', { status: 401, headers: { 'www-authenticate': 'Basic realm="dev-idp", error="invalid_client"' } });

/** The client's credentials: HTTP Basic (RFC 6749 §2.3.1: each part form-urlencoded) or the form's fields. */
function clientCredentials(request: FastifyRequest, form: Record<string, string>): { id?: string; secret?: string } {
  const header = request.headers.authorization;
  if (!header || !/^basic /i.test(header)) return { id: form.client_id, secret: form.client_secret };
  if (form.client_secret !== undefined) throw invalidRequest('Use one client authentication method only.');
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw invalidClient();
  try {
    const id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
    if (form.client_id !== undefined && form.client_id !== id) throw invalidRequest('client_id does not match the authenticated client.');
    return { id, secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')) };
  } catch (error) {
    if (error instanceof OAuthError) throw error;
    throw invalidClient();
  }
}

function authenticateClient(deps: Deps, request: FastifyRequest, form: Record<string, string>): string {
  const { id, secret } = clientCredentials(request, form);
  const { clientId, clientSecret } = deps.config.devIdp;
  // Both compared, always: the time taken says nothing about which was wrong.
  const idMatches = constantTimeEqual(id ?? '', clientId);
  const secretMatches = constantTimeEqual(secret ?? '', clientSecret);
  if (!idMatches || !secretMatches) throw invalidClient();
  return clientId;
}

/** at_hash (OIDC Core §3.1.3.6): the left half of the access token's SHA-256, base64url. */
const halfHash = (token: string): string => createHash('sha256').update(token).digest().subarray(0, 16).toString('base64url');

export function tokenRoute(deps: Deps, idp: DevIdp) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = singleValued(request.body);
    const clientId = authenticateClient(deps, request, form);
    if (!form.grant_type) throw invalidRequest('grant_type is required.');
    if (form.grant_type !== 'authorization_code') throw new OAuthError('unsupported_grant_type', 'The development identity provider grants authorization_code only.');
    if (!form.code) throw invalidRequest('code is required.');
    const grant = openCode(deps, form.code);
    if (!grant || grant.clientId !== clientId) throw invalidGrant('The authorization code is invalid or has expired.');
    if (form.redirect_uri !== grant.redirectUri) throw invalidGrant('redirect_uri does not match the authorization request.');
    if (grant.codeChallenge ? !verifiesChallenge(form.code_verifier, grant.codeChallenge) : form.code_verifier !== undefined) {
      throw invalidGrant('code_verifier does not match the code challenge.');
    }
    if (!(await spendCode(deps, form.code, grant))) throw invalidGrant('The authorization code has already been used.');

    const iat = Math.floor(deps.clock.now() / 1000);
    const issuer = idp.issuer();
    const { email, emailVerified, name, phoneNumber } = grant.identity;
    const person = { email, email_verified: emailVerified, name, ...(phoneNumber && { phone_number: phoneNumber }) };
    const accessToken = await idp.sign({
      iss: issuer, sub: grant.sub, client_id: clientId, scope: grant.scope, token_use: 'access',
      iat, exp: iat + TOKEN_TTL_SECONDS, jti: newOpaqueToken(16), ...person,
    });
    const idToken = await idp.sign({
      iss: issuer, sub: grant.sub, aud: clientId, iat, exp: iat + TOKEN_TTL_SECONDS, auth_time: grant.authTime,
      ...(grant.nonce && { nonce: grant.nonce }), at_hash: halfHash(accessToken), ...person,
    });
    return reply.headers({ 'cache-control': 'no-store', pragma: 'no-cache' }).send({
      access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: TOKEN_TTL_SECONDS, scope: grant.scope,
    });
  };
}
