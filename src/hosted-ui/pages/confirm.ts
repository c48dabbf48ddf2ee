// /confirm: the sign-up code. When this browser created the account (the sealed sign-up cookie
// names the same user and client) confirming signs the user in and returns to the app;
// otherwise the sign-in page follows. /resendcode sends a new code.
import { CodeMismatchException, CognitoError, UserNotFoundException, CODE_MISMATCH, USER_NOT_FOUND } from '../../cognito/errors.js';
import { hidesUsers } from '../../domain/sign-in/parameters.js';
import { simulatedDelivery } from '../../domain/delivery.js';
import { confirmSignUp, resendSignUpCode } from '../../domain/sign-up.js';
import { findUserByLogin } from '../../domain/users.js';
import { confirmView } from '../views/forms.js';
import { clearCookie, readCookie } from '../../web/cookies.js';
import type { Page, PageContext } from '../page.js';
import { continueSignIn, renderLogin } from '../sign-in-steps.js';
import { SIGN_UP_COOKIE, SIGN_UP_PURPOSE } from './signup.js';

function render(context: PageContext, messages: { error?: string; notice?: string }, username?: string, status = 200) {
  return context.render(confirmView(context.view(messages), { username }), status);
}

function signUpTicket(context: PageContext): { sub: string; clientId: string; expiresAt: number } | undefined {
  const sealed = readCookie(context.request, SIGN_UP_COOKIE);
  if (!sealed) return undefined;
  try {
    return JSON.parse(context.deps.sealer.open(sealed, SIGN_UP_PURPOSE));
  } catch {
    return undefined;
  }
}

export const confirmPage: Page = {
  path: 'confirm',
  get: async (context) => render(context, { notice: context.query.username ? 'We sent you a code. Enter it to confirm your account.' : undefined }, context.query.username),
  async post(context, form) {
    const { deps, pool, authorization } = context;
    const username = (form.username ?? '').trim();
    const code = (form.code ?? '').trim();
    if (!username || !code) return render(context, { error: 'Enter your username and the code.' }, username, 400);
    try {
      const hidden = hidesUsers(authorization.client);
      const user = await findUserByLogin(deps.store, pool, username);
      if (!user) throw hidden ? new CodeMismatchException(CODE_MISMATCH) : new UserNotFoundException(USER_NOT_FOUND);
      await confirmSignUp(deps, pool, user, code, { hideUsers: hidden, clientId: authorization.client.id });
      const ticket = signUpTicket(context);
      clearCookie(deps, context.request, context.reply, SIGN_UP_COOKIE, context.basePath || '/');
      if (ticket && ticket.sub === user.sub && ticket.clientId === authorization.client.id && ticket.expiresAt > deps.clock.now()) {
        const confirmed = await deps.store.users.findBySub(user.sub);
        if (confirmed?.enabled && confirmed.status === 'CONFIRMED') return await continueSignIn(context, confirmed);
      }
      return renderLogin(context, { notice: 'Your account is confirmed. Sign in to continue.' }, username);
    } catch (error) {
      if (error instanceof CognitoError && error.status < 500) return render(context, { error: error.message }, username, 400);
      throw error;
    }
  },
};

export const resendCodePage: Page = {
  path: 'resendcode',
  async post(context, form) {
    const { deps, pool, authorization } = context;
    const username = (form.username ?? '').trim();
    if (!username) return render(context, { error: 'Enter your username.' }, undefined, 400);
    try {
      const hidden = hidesUsers(authorization.client);
      const user = await findUserByLogin(deps.store, pool, username);
      // PreventUserExistenceErrors: a user who does not exist, or has nothing to confirm, is answered
      // as if a code went out, with the same deterministic destination the API's simulation gives.
      if (hidden && (!user || user.status !== 'UNCONFIRMED' || !user.enabled)) {
        const preferred: Array<'email' | 'phone_number'> = pool.config.AutoVerifiedAttributes?.length ? pool.config.AutoVerifiedAttributes : ['email'];
        return render(context, { notice: `We sent a new code to ${simulatedDelivery(pool.id, username, preferred).Destination}.` }, username);
      }
      if (!user) throw new UserNotFoundException(USER_NOT_FOUND);
      if (user.status !== 'UNCONFIRMED') return render(context, { error: 'User is already confirmed.' }, username, 400);
      const delivery = await resendSignUpCode(deps, pool, user, authorization.client);
      return render(context, { notice: delivery ? `We sent a new code to ${delivery.Destination}.` : 'The account has no email or phone number to send a code to.' }, username);
    } catch (error) {
      if (error instanceof CognitoError && error.status < 500) return render(context, { error: error.message }, username, 400);
      throw error;
    }
  },
};
