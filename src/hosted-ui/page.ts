// What a Hosted UI page handler is given: the pool, the validated authorization request it
// carries, the CSRF token, and helpers to render, link and finish a sign-in.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import type { PoolRecord, UserRecord } from '../store/store.js';
import type { AuthorizeRequest } from '../domain/authorize-request.js';
import { authorizeQueryString } from '../domain/authorize-request.js';
import { finishAuthorization } from '../domain/authorization.js';
import type { Html } from '../web/html.js';
import type { ViewContext } from './views/forms.js';
import type { UiLook } from '../web/layout.js';
import { sendPage } from '../web/headers.js';
import { signInBrowser } from './session.js';
import { postAuthentication } from '../domain/triggers/authentication.js';
import type { RateLimiter } from '../web/rate-limit.js';
import type { TermsLinks } from '../domain/terms.js';

export interface HostedUiState {
  signInLimiter: RateLimiter;
}

export interface PageContext {
  deps: Deps;
  state: HostedUiState;
  request: FastifyRequest;
  reply: FastifyReply;
  pool: PoolRecord;
  basePath: string;
  /** Reached at the server's own origin, shared by every pool (see session.ts). */
  sharedOrigin: boolean;
  authorization: AuthorizeRequest;
  /** Query parameters besides the authorization ones (e.g. username on the confirm page). */
  query: Record<string, string>;
  view(messages?: { error?: string; notice?: string }): ViewContext;
  /** `script`: the page carries its one inline script (the passkey pages), which the CSP then admits. */
  render(page: Html, status?: number, options?: { script?: boolean }): FastifyReply;
  /** PostAuthentication, then starts the Hosted UI session and redirects to the client with a code or tokens. */
  signIn(user: UserRecord): Promise<FastifyReply>;
}

export interface Page {
  path: string;
  get?(context: PageContext): Promise<FastifyReply>;
  post?(context: PageContext, form: Record<string, string>): Promise<FastifyReply>;
}

export function createPageContext(options: {
  deps: Deps;
  state: HostedUiState;
  request: FastifyRequest;
  reply: FastifyReply;
  pool: PoolRecord;
  basePath: string;
  sharedOrigin: boolean;
  authorization: AuthorizeRequest;
  csrf: string;
  cssNonce: string;
  ui?: UiLook;
  terms?: TermsLinks;
}): PageContext {
  const { deps, request, reply, pool, basePath, sharedOrigin, authorization, csrf, cssNonce, ui, terms } = options;
  const carried = authorizeQueryString(authorization.parameters);
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' && !(name in authorization.parameters)) query[name] = value;
  }
  const link = (page: string, extra: Record<string, string> = {}) => {
    const more = new URLSearchParams(extra).toString();
    return `${basePath}/${page}?${carried}${more ? `&${more}` : ''}`;
  };
  return {
    deps, state: options.state, request, reply, pool, basePath, sharedOrigin, authorization, query,
    view: (messages = {}) => ({ cssNonce, poolName: pool.name, csrf, link, ui, terms, ...messages }),
    render: (page, status = 200, options = {}) => sendPage(reply, page, cssNonce, status, options),
    async signIn(user) {
      // Every Hosted UI sign-in ends here: PostAuthentication may still refuse it (no device is
      // remembered by the Hosted UI, so none is new).
      await postAuthentication(deps, pool, authorization.client, user, { newDeviceUsed: false });
      const session = await signInBrowser(deps, request, reply, { pool, basePath, sharedOrigin }, user, authorization.client.id);
      return reply.redirect(await finishAuthorization(deps, pool, authorization, user, session.authTime, session.sessionId ?? undefined));
    },
  };
}
