// /mfa: the MFA steps after a correct password (or a new password): a code from the
// authenticator, SMS or email; the choice between factors; authenticator set-up when the pool
// requires MFA and the user has none (or, where the pool has email MFA but not TOTP, an email
// address to receive the codes). The step travels as the sealed challenge Session in a
// hidden field, with the same rules as the API (retry after a wrong code, lockout, single use).
import type { UserRecord } from '../../store/store.js';
import { CognitoError } from '../../cognito/errors.js';
import {
  completeMfaSetup, pendingSetupSecret, selectMfaType, startEmailSetup, verifyForSession, verifyMfaAnswer,
} from '../../domain/mfa.js';
import type { Factor } from '../../domain/mfa-settings.js';
import { sessionSub } from '../../domain/sign-in/challenge-session.js';
import { mfaCodeView, mfaEmailSetupView } from '../views/mfa.js';
import type { Page, PageContext } from '../page.js';
import { renderLogin, renderOutcome, setupView } from '../sign-in-steps.js';

const CODE_CHALLENGES = new Set(['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP']);
const CODE_MEMBER: Record<string, string> = { SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE', SMS_MFA: 'SMS_MFA_CODE', EMAIL_OTP: 'EMAIL_OTP_CODE' };

const expired = (context: PageContext) => renderLogin(context, { error: 'Your session has expired. Sign in again.' }, undefined, 400);

export const mfaPage: Page = {
  path: 'mfa',
  get: async (context) => context.reply.redirect(`${context.basePath}/login?${new URLSearchParams(context.authorization.parameters as Record<string, string>)}`),
  async post(context, form) {
    const { deps, pool, authorization } = context;
    const client = authorization.client;
    const challenge = form.challenge ?? '';
    const session = form.session ?? '';
    let user: UserRecord | undefined;
    try {
      user = await deps.store.users.findBySub(sessionSub(deps, client, session, challenge));
    } catch (error) {
      if (error instanceof CognitoError && error.status < 500) return expired(context);
      throw error;
    }
    if (!user) return expired(context);
    const responses = { USERNAME: user.username };
    const code = (form.code ?? '').trim();
    try {
      if (CODE_CHALLENGES.has(challenge)) {
        const signedIn = await verifyMfaAnswer(deps, pool, client, challenge as Factor, session, { ...responses, [CODE_MEMBER[challenge]]: code }, false);
        return await context.signIn(signedIn);
      }
      if (challenge === 'SELECT_MFA_TYPE') {
        return await renderOutcome(context, user, await selectMfaType(deps, pool, client, session, { ...responses, ANSWER: form.answer ?? '' }, false));
      }
      if (challenge === 'MFA_SETUP' && form.email !== undefined) {
        return await renderOutcome(context, user, await startEmailSetup(deps, pool, client, session, { ...responses, EMAIL: form.email.trim() }, false));
      }
      if (challenge === 'MFA_SETUP') {
        const verified = await verifyForSession(deps, session, code);
        return await context.signIn(await completeMfaSetup(deps, pool, client, verified, responses, false));
      }
      return expired(context);
    } catch (error) {
      if (!(error instanceof CognitoError) || error.status >= 500) throw error;
      // A wrong code: the same step again with the same Session (it is spent only on success).
      if (error.type === 'CodeMismatchException' && CODE_CHALLENGES.has(challenge)) {
        return context.render(mfaCodeView(context.view({ error: 'Incorrect code. Try again.' }), { challenge, session }), 400);
      }
      if (error.type === 'InvalidParameterException' && challenge === 'MFA_SETUP' && form.email !== undefined) {
        return context.render(mfaEmailSetupView(context.view({ error: 'Enter a valid email address.' }), { session, email: form.email }), 400);
      }
      if (error.type === 'EnableSoftwareTokenMFAException' && challenge === 'MFA_SETUP') {
        return setupView(context, user, session, pendingSetupSecret(deps, session), 'Incorrect code. Try again.');
      }
      return renderLogin(context, { error: error.message }, undefined, 400);
    }
  },
};
