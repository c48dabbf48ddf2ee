// Signing in and out of the console. Sign-in takes an admin access key id and its secret, or the
// console password of the config (admin.consolePassword), compared in constant time. Failed
// sign-ins are limited per client IP. The sign-in form has the Hosted UI's double-submit CSRF
// token (there is no session yet); sign-out is a POST with the session's token.
import { html } from '../../web/html.js';
import { checkCsrf, csrfToken, CSRF_FIELD } from '../../web/csrf.js';
import { constantTimeEqual, sha256Hex } from '../../crypto/digest.js';
import { isAdminKey } from '../../domain/admin-keys.js';
import type { ConsoleContext } from '../context.js';
import { defineRoutes, safeNext } from '../route.js';
import { endConsoleSession, startConsoleSession } from '../session.js';
import { hidden, textField } from '../views/components.js';
import { recordAuditEvent } from '../../domain/audit.js';

const LOGIN_PATH = '/admin/login';

function loginPage(ctx: ConsoleContext, options: { error?: string; accessKeyId?: string; status?: number } = {}) {
  const csrf = csrfToken(ctx.deps, ctx.request, ctx.reply, LOGIN_PATH);
  const next = safeNext(ctx.query.next ?? ctx.form.get('next'));
  const passwordEnabled = ctx.deps.config.admin.consolePassword !== undefined;
  const common = html`<input type="hidden" name="${CSRF_FIELD}" value="${csrf}">${next ? hidden('next', next) : ''}`;
  return ctx.render({ title: 'Sign in to the console', error: options.error }, html`
<form method="post" action="${LOGIN_PATH}">
${common}
<input type="hidden" name="method" value="key">
${textField({ name: 'accessKeyId', label: 'Admin access key id', value: options.accessKeyId, required: true, autocomplete: 'username' })}
${textField({ name: 'secretAccessKey', label: 'Secret access key', type: 'password', required: true, autocomplete: 'current-password' })}
<button type="submit">Sign in</button>
</form>
<p class="hint">The admin access key that signs API calls (printed at the first start, or <code>admin.accessKeyId</code> in the config).</p>
${passwordEnabled ? html`<h2>Or with the console password</h2>
<form method="post" action="${LOGIN_PATH}">
${common}
<input type="hidden" name="method" value="password">
${textField({ name: 'password', label: 'Console password', type: 'password', required: true, autocomplete: 'current-password' })}
<button type="submit" class="secondary">Sign in with the password</button>
</form>` : ''}`, options.status);
}

/** The actor of valid credentials in the form, or undefined. */
function checkCredentials(ctx: ConsoleContext): string | undefined {
  const { config } = ctx.deps;
  if (ctx.form.get('method') === 'password') {
    const given = ctx.form.raw('password');
    if (config.admin.consolePassword === undefined || !given) return undefined;
    // Hashing first makes the comparison constant-time whatever the lengths.
    return constantTimeEqual(sha256Hex(given), sha256Hex(config.admin.consolePassword)) ? 'password' : undefined;
  }
  const id = ctx.form.get('accessKeyId');
  const secret = ctx.form.raw('secretAccessKey');
  if (!id || !secret) return undefined;
  return isAdminKey(ctx.deps, id, secret) ? id : undefined;
}

export const authRoutes = defineRoutes([
  {
    method: 'GET', path: '/', async handler(ctx) {
      return ctx.reply.redirect('/admin/pools', 303);
    },
  },
  {
    method: 'GET', path: '/login', public: true, async handler(ctx) {
      if (ctx.session) return ctx.reply.redirect(safeNext(ctx.query.next) ?? '/admin/pools', 303);
      return loginPage(ctx);
    },
  },
  {
    method: 'POST', path: '/login', public: true, async handler(ctx) {
      checkCsrf(ctx.request, { [CSRF_FIELD]: ctx.form.raw(CSRF_FIELD) ?? '' });
      const ip = ctx.request.ip;
      const accessKeyId = ctx.form.get('accessKeyId');
      if (ctx.state.signInFailures.isLimited(ip)) {
        return loginPage(ctx, { error: 'Too many failed sign-ins from this address. Wait a minute and try again.', accessKeyId, status: 429 });
      }
      const actor = checkCredentials(ctx);
      if (!actor) {
        ctx.state.signInFailures.allow(ip);
        ctx.request.log.warn({ ip }, 'failed admin console sign-in');
        // Who tried is unknown (the key id typed may be anything, even a pasted secret): the IP and the method only.
        await recordAuditEvent(ctx.deps, { actor: 'console:unknown', action: 'ConsoleSignInFailed', details: { ip, method: ctx.form.get('method') === 'password' ? 'password' : 'key' } });
        const error = ctx.form.get('method') === 'password' ? 'The password is wrong.' : 'The access key id or the secret is wrong.';
        return loginPage(ctx, { error, accessKeyId, status: 401 });
      }
      await startConsoleSession(ctx.deps, ctx.request, ctx.reply, actor);
      ctx.request.log.info({ actor }, 'admin console sign-in');
      await recordAuditEvent(ctx.deps, { actor: `console:${actor}`, action: 'ConsoleSignIn', details: { ip } });
      return ctx.reply.redirect(safeNext(ctx.form.get('next')) ?? '/admin/pools', 303);
    },
  },
  {
    method: 'POST', path: '/logout', async handler(ctx) {
      await recordAuditEvent(ctx.deps, { actor: ctx.actor, action: 'ConsoleSignOut', details: { ip: ctx.request.ip } });
      await endConsoleSession(ctx.deps, ctx.request, ctx.reply);
      return ctx.redirect(LOGIN_PATH, 'You are signed out.');
    },
  },
]);
