// What a console route handler is given: the request's parts, the session, the posted form, and
// helpers to render a page, redirect with a one-time notice, and invoke API operations.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import type { Html } from '../web/html.js';
import { newCssNonce, sendPage } from '../web/headers.js';
import { CognitoError } from '../cognito/errors.js';
import { consoleLayout, type ConsoleLayout } from './views/layout.js';
import type { ConsoleSession } from './session.js';
import type { ConsoleForm } from './form.js';
import { invokeOperation, type OperationOutput } from './invoke.js';
import { takeFlash, setFlash } from './flash.js';
import type { RateLimiter } from '../web/rate-limit.js';

export interface ConsoleState {
  /** Failed console sign-ins per client IP. */
  signInFailures: RateLimiter;
}

export interface ConsoleContext {
  deps: Deps;
  state: ConsoleState;
  request: FastifyRequest;
  reply: FastifyReply;
  /** Undefined only on public routes (the sign-in page). */
  session: ConsoleSession | undefined;
  /** `console:<access key id or "password">`, as recorded in the audit log. */
  actor: string;
  params: Record<string, string>;
  query: Record<string, string>;
  form: ConsoleForm;
  /** Runs an API operation as this operator (validated, audited); throws its CognitoError. */
  invoke(operation: string, input: Record<string, unknown>): Promise<OperationOutput>;
  /** Like invoke, but a CognitoError comes back as `{ error }` for the form to show. */
  attempt(operation: string, input: Record<string, unknown>): Promise<{ output: OperationOutput; error?: undefined } | { output?: undefined; error: CognitoError }>;
  /** Renders `body` in the console frame (nav, session, the pending notice). */
  render(options: Omit<ConsoleLayout, 'cssNonce' | 'session'>, body: Html, status?: number): FastifyReply;
  /** Redirects (303) to a console path, showing `notice` once on the next page. */
  redirect(path: string, notice?: string): FastifyReply;
}

export function createConsoleContext(options: {
  deps: Deps;
  state: ConsoleState;
  request: FastifyRequest;
  reply: FastifyReply;
  session: ConsoleSession | undefined;
  form: ConsoleForm;
}): ConsoleContext {
  const { deps, request, reply, session } = options;
  const actor = `console:${session?.record.actor ?? 'anonymous'}`;
  const invoke = (operation: string, input: Record<string, unknown>) => invokeOperation(deps, operation, input, { actor, sourceIp: request.ip });
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') query[name] = value;
  }
  return {
    deps, state: options.state, request, reply, session, actor, form: options.form, query,
    params: (request.params ?? {}) as Record<string, string>,
    invoke,
    async attempt(operation, input) {
      try {
        return { output: await invoke(operation, input) };
      } catch (error) {
        if (error instanceof CognitoError && error.status < 500) return { error };
        throw error;
      }
    },
    render(layoutOptions, body, status = 200) {
      const cssNonce = newCssNonce();
      const notice = layoutOptions.notice ?? takeFlash(deps, request, reply);
      const page = consoleLayout({
        ...layoutOptions, notice, cssNonce,
        session: session && { actor: session.record.actor, csrf: session.csrf },
      }, body);
      return sendPage(reply, page, cssNonce, status);
    },
    redirect(path, notice) {
      if (notice) setFlash(deps, request, reply, notice);
      return reply.redirect(path, 303);
    },
  };
}
