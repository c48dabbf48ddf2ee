// /mfa: the MFA steps after a correct password (or a new password): a code from the
// authenticator, SMS or email; the choice between factors; authenticator set-up when the pool
// requires MFA and the user has none (or, where the pool has email MFA but not TOTP, an email
// address to receive the codes). The step travels as the sealed challenge Session in a
// hidden field, with the same rules as the API (retry after a wrong code, lockout, single use).
import type { FastifyReply } from 'fastify';
import type { UserRecord } from '../../store/store.js';
import { CognitoError } from '../../cognito/errors.js';
import {
  associateForSession, completeMfaSetup, mfaChallenge, pendingSetupSecret, selectMfaType, startEmailSetup, verifyForSession, verifyMfaAnswer,
} from '../../domain/mfa.js';
import type { Factor } from '../../domain/mfa-settings.js';
import { sessionSub } from '../../domain/challenge-session.js';
import type { AuthOutcome } from '../../domain/auth.js';
import { mfaCodeView, mfaEmailSetupView, mfaSelectView, mfaSetupView } from '../views/mfa.js';
import { otpauthUri, qrSvg } from '../views/qr.js';
import type { Page, PageContext } from '../page.js';
import { renderLogin } from './login.js';

const CODE_CHALLENGES = new Set(['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP']);
const CODE_MEMBER: Record<string, string> = { SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE', SMS_MFA: 'SMS_MFA_CODE', EMAIL_OTP: 'EMAIL_OTP_CODE' };

/** The TOTP set-up step: the secret, its otpauth:// URI (issuer: the pool's name) and the URI's QR code. */
async function setupView(context: PageContext, user: UserRecord, session: string, secret: string, error?: string) {
  // The account is the username, except where that is an internal UUID (email or phone as username).
  const account = context.pool.config.UsernameAttributes?.length ? (user.attributes.email ?? user.attributes.phone_number ?? user.username) : user.username;
  const uri = otpauthUri(context.pool.name, account, secret);
  return context.render(mfaSetupView(context.view({ error }), { session, secret, uri, qr: await qrSvg(uri) }), error ? 400 : 200);
}

async function renderOutcome(context: PageContext, user: UserRecord, outcome: AuthOutcome, error?: string): Promise<FastifyReply> {
  if (!('ChallengeName' in outcome)) return context.signIn(user);
  const status = error ? 400 : 200;
  const session = outcome.Session!;
  if (outcome.ChallengeName === 'SELECT_MFA_TYPE') {
    return context.render(mfaSelectView(context.view({ error }), { session, choices: JSON.parse(outcome.ChallengeParameters.MFAS_CAN_CHOOSE) }), status);
  }
  if (outcome.ChallengeName === 'MFA_SETUP') {
    const canSetUp: string[] = JSON.parse(outcome.ChallengeParameters.MFAS_CAN_SETUP);
    if (!canSetUp.includes('SOFTWARE_TOKEN_MFA') && canSetUp.includes('EMAIL_OTP')) {
      return context.render(mfaEmailSetupView(context.view({ error }), { session }), status);
    }
    const associated = await associateForSession(context.deps, session);
    return setupView(context, user, associated.session, associated.secret, error);
  }
  return context.render(mfaCodeView(context.view({ error }), {
    challenge: outcome.ChallengeName, session, destination: outcome.ChallengeParameters.CODE_DELIVERY_DESTINATION,
  }), status);
}

/** After a correct password: the MFA step when one is due, else the sign-in completes. */
export async function continueSignIn(context: PageContext, user: UserRecord): Promise<FastifyReply> {
  const outcome = await mfaChallenge(context.deps, context.pool, context.authorization.client, user);
  return outcome ? renderOutcome(context, user, outcome) : context.signIn(user);
}

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
