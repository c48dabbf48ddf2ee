// /signInCode: sign-in with a one-time code by email (EMAIL_OTP) or text message (SMS_OTP), the
// choice-based factors of the domain (one-time-code.ts): the same code, delivery (outbox, SMTP,
// CustomMessage and the custom senders), expiry, single use and lockout as USER_AUTH's.
// - A post with `factor` and `username` sends a code and shows the code page; one with `session`
//   and `code` checks it and finishes the sign-in (no MFA follows, as on Cognito).
// - A wrong code shows the code page again with the same session; a spent or expired one sends
//   the browser back to the start. A hidden unknown name gets the same pages and words.
// - Posts count against the sign-in rate limit, as the password form's do.
import { CognitoError } from '../../cognito/errors.js';
import { isOtpFactor, type OtpFactor } from '../../domain/sign-in/first-factors.js';
import { checkOtpFactorAnswer, startOtpFactor } from '../../domain/sign-in/one-time-code.js';
import { findUserByLogin } from '../../domain/users.js';
import { signInCodeView } from '../views/passwordless.js';
import type { Page, PageContext } from '../page.js';
import { renderLogin } from '../sign-in-steps.js';
import { isChoiceBased, renderChoices, signInFactorsFor } from '../sign-in-choices.js';

const ANSWER_MEMBER: Record<OtpFactor, string> = { EMAIL_OTP: 'EMAIL_OTP_CODE', SMS_OTP: 'SMS_OTP_CODE' };
const START_AGAIN = 'This code has expired or was already used. Sign in again to get a new one.';

async function sendCode(context: PageContext, factor: OtpFactor, username: string) {
  const { deps, pool, authorization } = context;
  const user = await findUserByLogin(deps.store, pool, username);
  if (!(await signInFactorsFor(context, user)).includes(factor)) return renderChoices(context, username, { error: 'Choose one of these ways to sign in.' }, 400);
  try {
    const outcome = await startOtpFactor(deps, pool, authorization.client, factor, username, user, {});
    if (!('ChallengeName' in outcome)) throw new Error('a sign-in code must answer its challenge');
    return context.render(signInCodeView(context.view(), {
      factor, username, session: outcome.Session!, destination: outcome.ChallengeParameters.CODE_DELIVERY_DESTINATION,
    }));
  } catch (error) {
    if (error instanceof CognitoError && error.status < 500) return renderChoices(context, username, { error: error.message }, 400);
    throw error;
  }
}

async function checkCode(context: PageContext, factor: OtpFactor, username: string, session: string, code: string, destination: string) {
  const { deps, pool, authorization } = context;
  const again = (error: string) => context.render(signInCodeView(context.view({ error }), { factor, username, session, destination }), 400);
  if (!code) return again('Enter the code.');
  try {
    const user = await checkOtpFactorAnswer(deps, pool, authorization.client, factor, session, { USERNAME: username, [ANSWER_MEMBER[factor]]: code }, false);
    return await context.signIn(user);
  } catch (error) {
    if (!(error instanceof CognitoError) || error.status >= 500) throw error;
    if (error.type === 'CodeMismatchException') return again('Incorrect code. Try again.');
    // A spent or expired session or code: start again. Otherwise (locked, disabled …) Cognito's words.
    const spent = error.type === 'ExpiredCodeException' || (error.type === 'NotAuthorizedException' && /session/i.test(error.message));
    return renderLogin(context, { error: spent ? START_AGAIN : error.message }, username, 400);
  }
}

export const signInCodePage: Page = {
  path: 'signInCode',
  get: async (context) => context.reply.redirect(context.view().link('login')),
  async post(context, form) {
    const { pool, authorization, request } = context;
    const username = (form.username ?? '').trim();
    const factor = form.factor ?? '';
    if (!isChoiceBased(pool, authorization.client) || !isOtpFactor(factor) || !username) return renderLogin(context, {}, undefined, 400);
    if (!context.state.signInLimiter.allow(`${pool.id}|${request.ip}`)) {
      return renderLogin(context, { error: 'Too many sign-in attempts. Wait a minute and try again.' }, username, 429);
    }
    if (form.session === undefined) return sendCode(context, factor, username);
    return checkCode(context, factor, username, form.session, (form.code ?? '').trim(), form.destination ?? 'you');
  },
};
