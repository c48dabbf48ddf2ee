// GET|POST /_dev-idp/authorize: the sign-in page. GET shows it (the identities used in this browser,
// and a form for a name, an email and an optional phone number); a post, CSRF-checked first, signs that person in and sends
// the code to the verified redirect URI with the state and this issuer (RFC 9207).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import { withParameters } from '../cognito/oauth-errors.js';
import { checkCsrf, csrfToken } from '../web/csrf.js';
import { singleValued } from '../web/form.js';
import { newCssNonce, sendPage } from '../web/headers.js';
import { validateAuthorization } from './authorization-request.js';
import { CODE_TTL_MS, issueCode } from './codes.js';
import { identityOf, rememberIdentity, rememberedIdentities } from './identities.js';
import { DEV_IDP_PATH, type DevIdp } from './provider.js';
import { signInView, type SignInView } from './views.js';

export function authorizeRoutes(deps: Deps, idp: DevIdp) {
  const render = (request: FastifyRequest, reply: FastifyReply, redirectUri: string, extra: Partial<SignInView> = {}, status = 200) => {
    const cssNonce = newCssNonce();
    const page = signInView({
      cssNonce,
      csrf: csrfToken(deps, request, reply, DEV_IDP_PATH),
      // The form posts back to this very request: the authorization parameters are checked again.
      action: request.url,
      redirectUri,
      remembered: rememberedIdentities(request),
      ...extra,
    });
    return sendPage(reply, page, cssNonce, status);
  };

  return {
    async get(request: FastifyRequest, reply: FastifyReply) {
      const authorization = await validateAuthorization(deps, request.query);
      return render(request, reply, authorization.redirectUri);
    },

    async post(request: FastifyRequest, reply: FastifyReply) {
      const form = singleValued(request.body);
      checkCsrf(request, form);
      const authorization = await validateAuthorization(deps, request.query);
      const identity = identityOf(form);
      if ('problem' in identity) {
        const typed = { name: form.name, email: form.email, emailVerified: form.email_verified === 'true', phoneNumber: form.phone_number };
        return render(request, reply, authorization.redirectUri, { error: identity.problem, typed }, 400);
      }
      const { state, ...granted } = authorization;
      const now = deps.clock.now();
      const code = issueCode(deps, {
        ...granted,
        sub: idp.subjectOf(identity.email),
        identity,
        authTime: Math.floor(now / 1000),
        expiresAt: now + CODE_TTL_MS,
      });
      rememberIdentity(deps, request, reply, identity);
      return reply.redirect(withParameters(authorization.redirectUri, { code, state, iss: idp.issuer() }, false));
    },
  };
}
