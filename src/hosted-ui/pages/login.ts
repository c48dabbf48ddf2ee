// /login: the sign-in form (fields `username` and `password`, as Cognito's classic Hosted UI).
// A correct password signs in (session cookie, then the code or tokens); an unconfirmed user is
// sent a new code and shown the confirm page; a user with a temporary password must choose one;
// a user whose password was reset must use the code sent to them; MFA follows when due (mfa.ts, after domain/sign-in/next-step.ts decides). Posts are rate limited per IP, and
// count against the pool's UserAuthentication quota when quotas are on.
// For a choice-based client (sign-in-choices.ts) the page asks for the username alone first; its
// post then shows the choices, whose password form posts here with the username and password.
import { CognitoError, PasswordResetRequiredException, TooManyRequestsException, UserNotConfirmedException } from '../../cognito/errors.js';
import { admitToPoolQuota } from '../../domain/quotas/pool-admission.js';
import { hostedPasswordSignIn } from '../../domain/sign-in/password.js';
import { createChallengeSession } from '../../domain/sign-in/challenge-session.js';
import { resendSignUpCode } from '../../domain/sign-up.js';
import { findUserByLogin } from '../../domain/users.js';
import { forgotPassword } from '../../domain/passwords.js';
import { confirmView, resetPasswordView } from '../views/forms.js';
import type { Page } from '../page.js';
import { continueSignIn, renderLogin, renderNewPassword } from '../sign-in-steps.js';
import { isChoiceBased, renderChoices } from '../sign-in-choices.js';

export const loginPage: Page = {
  path: 'login',
  get: async (context) => renderLogin(context),
  async post(context, form) {
    const { deps, pool, authorization, request } = context;
    const username = (form.username ?? '').trim();
    const password = form.password ?? '';
    const choiceBased = isChoiceBased(pool, authorization.client);
    // The username step of choice-based sign-in: the choices for that name.
    if (choiceBased && username && form.password === undefined) return renderChoices(context, username);
    // A refused attempt shows the same step again: the choices (with the password form), or the classic form.
    const refuse = (error: string, status: number) => (choiceBased && username ? renderChoices(context, username, { error }, status) : renderLogin(context, { error }, username, status));
    if (!context.state.signInLimiter.allow(`${pool.id}|${request.ip}`)) {
      return refuse('Too many sign-in attempts. Wait a minute and try again.', 429);
    }
    if (!username || !password) return refuse(choiceBased && username ? 'Enter your password.' : 'Enter your username and password.', 400);
    try {
      // Cognito: a Hosted UI sign-in counts against the pool's UserAuthentication rate, as InitiateAuth does.
      admitToPoolQuota(deps, pool.id, 'UserAuthentication');
    } catch (error) {
      if (error instanceof TooManyRequestsException) return refuse('Too many requests. Wait a moment and try again.', 429);
      throw error;
    }
    try {
      const { user, next } = await hostedPasswordSignIn(deps, pool, authorization.client, username, password);
      if (next === 'NEW_PASSWORD_REQUIRED') {
        return renderNewPassword(context, user, createChallengeSession(deps, authorization.client, user.sub, 'NEW_PASSWORD_REQUIRED'));
      }
      return await continueSignIn(context, user);
    } catch (error) {
      if (error instanceof UserNotConfirmedException) {
        const found = await findUserByLogin(deps.store, pool, username);
        const delivery = found ? await resendSignUpCode(deps, pool, found, authorization.client) : undefined;
        return context.render(confirmView(context.view({ notice: 'Your account is not confirmed yet. Enter the code we sent you.' }), {
          username, destination: delivery?.Destination,
        }));
      }
      if (error instanceof PasswordResetRequiredException) {
        const delivery = await forgotPassword(deps, pool, authorization.client, username, null);
        return context.render(resetPasswordView(context.view({ notice: 'Your password must be reset.' }), {
          username, destination: delivery.Destination, policy: pool.config.Policies.PasswordPolicy,
        }));
      }
      if (error instanceof CognitoError && error.status < 500) return refuse(error.message, 400);
      throw error;
    }
  },
};
