// USER_AUTH's passwordless first factors, EMAIL_OTP and SMS_OTP:
// - The code goes to the user's verified email or phone through the delivery path (CustomMessage
//   and the custom senders run with source Authentication), with the pool's EmailMfaConfiguration /
//   SmsMfaConfiguration text, as Cognito shares those templates between MFA and sign-in codes.
// - ChallengeParameters: CODE_DELIVERY_DELIVERY_MEDIUM, CODE_DELIVERY_DESTINATION (masked),
//   USERNAME. The answer is EMAIL_OTP_CODE / SMS_OTP_CODE with that Session.
// - Codes live 3 minutes, are single use, bound to the address they went to; each wrong code
//   counts toward the sign-in lockout; the Session may be retried until a right code spends it.
// - PreAuthentication runs before a code is sent; no MFA follows (a user with MFA is not offered
//   these factors); PostAuthentication and PreTokenGeneration run as for every sign-in.
// - PreventUserExistenceErrors=ENABLED: an unknown name gets the same challenge (nothing is sent)
//   and every code is wrong for it; so does a locked user (a lock must not tell that the name
//   exists, as for the password).
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { CodeMismatchException, CognitoError, NotAuthorizedException } from '../../cognito/errors.js';
import { consumeCode, issueCode } from '../codes.js';
import { deliverMessage, simulatedDelivery } from '../delivery.js';
import { maskDestination } from '../attributes.js';
import { getPoolMfaConfig } from '../mfa-settings.js';
import { findUserByLogin } from '../users.js';
import { checkSecretHash } from '../secret-hash.js';
import { newUuid } from '../../crypto/random.js';
import { checkNotSpent, createChallengeSession, openChallengeSession, spendChallengeSession } from './challenge-session.js';
import { checkNotLocked, isLocked, recordFailedSignIn, recordSuccessfulSignIn } from './lockout.js';
import { checkSignInStatus, signedIn } from './next-step.js';
import { assessSignInWithoutMfa, recordFailedSignInEvent } from '../risk/sign-in-risk.js';
import { hidesUsers, requireParameter, unknownUserError } from './parameters.js';
import type { AuthOutcome } from './outcome.js';
import type { OtpFactor } from './first-factors.js';
import { preAuthentication } from '../triggers/authentication.js';
import type { TriggerContext } from '../triggers/run.js';

export const OTP_CODE_TTL_MS = 3 * 60_000;
const CODE_PURPOSE: Record<OtpFactor, string> = { EMAIL_OTP: 'otp_email', SMS_OTP: 'otp_sms' };
const ANSWER_MEMBER: Record<OtpFactor, string> = { EMAIL_OTP: 'EMAIL_OTP_CODE', SMS_OTP: 'SMS_OTP_CODE' };
const MEDIUM: Record<OtpFactor, 'EMAIL' | 'SMS'> = { EMAIL_OTP: 'EMAIL', SMS_OTP: 'SMS' };
// Marks the Session of a first-factor code, so an EMAIL_OTP answer is told apart from email MFA's.
const FIRST_FACTOR = 'first-factor';

const addressOf = (user: UserRecord, factor: OtpFactor): string => (factor === 'EMAIL_OTP' ? user.attributes.email : user.attributes.phone_number) ?? '';

/** Sends a sign-in code for `factor` and answers its challenge. `user` undefined: a hidden unknown name (nothing sent). */
export async function startOtpFactor(
  deps: Deps, pool: PoolRecord, client: ClientRecord, factor: OtpFactor, login: string, user: UserRecord | undefined, context: TriggerContext,
): Promise<AuthOutcome> {
  if (!user && !hidesUsers(client)) throw unknownUserError(client);
  await preAuthentication(deps, pool, client, login, user, context);
  let destination: string;
  if (user && !(hidesUsers(client) && isLocked(deps, user))) {
    if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
    checkNotLocked(deps, user);
    const address = addressOf(user, factor);
    const code = await issueCode(deps, user, CODE_PURPOSE[factor], OTP_CODE_TTL_MS, { binding: address });
    const config = getPoolMfaConfig(pool);
    // Cognito: InitiateAuth's ClientMetadata does not reach CustomMessage or the custom senders.
    const message = { source: 'Authentication', clientId: client.id, purpose: 'sign_in_code', code } as const;
    await deliverMessage(deps, pool, user, factor === 'EMAIL_OTP'
      ? { ...message, medium: 'EMAIL', destination: address, text: { subject: config.EmailMfaConfiguration?.Subject ?? 'Your sign-in code', body: config.EmailMfaConfiguration?.Message ?? 'Your sign-in code is {####}. ' } }
      : { ...message, medium: 'SMS', destination: address, text: { body: config.SmsMfaConfiguration?.SmsAuthenticationMessage ?? pool.config.SmsAuthenticationMessage ?? 'Your sign-in code is {####}. ' } });
    destination = maskDestination(MEDIUM[factor], address);
  } else {
    // A hidden locked user: their own masked address, as if it had been sent.
    destination = user ? maskDestination(MEDIUM[factor], addressOf(user, factor)) : simulatedDelivery(pool.id, login, [factor === 'SMS_OTP' ? 'phone_number' : 'email']).Destination;
  }
  return {
    ChallengeName: factor,
    ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: MEDIUM[factor], CODE_DELIVERY_DESTINATION: destination, USERNAME: user?.username ?? login },
    Session: createChallengeSession(deps, client, user?.sub ?? newUuid(), factor, { [FIRST_FACTOR]: true, login }),
  };
}

/** Whether an EMAIL_OTP Session is a first-factor code's (else it is email MFA's). */
export function isOtpFirstFactorSession(deps: Deps, client: ClientRecord, session: string | undefined, factor: OtpFactor): boolean {
  try {
    return openChallengeSession(deps, client, session, factor).data?.[FIRST_FACTOR] === true;
  } catch {
    return false;
  }
}

/**
 * The answer to a first-factor code: the user it signs in, once the code is right (no tokens yet).
 * `checkSecret`: false for the Hosted UI, which acts for its client itself and sends no SECRET_HASH.
 */
export async function checkOtpFactorAnswer(
  deps: Deps, pool: PoolRecord, client: ClientRecord, factor: OtpFactor, session: string | undefined, responses: Record<string, string> | undefined, checkSecret = true,
): Promise<UserRecord> {
  const state = openChallengeSession(deps, client, session, factor);
  await checkNotSpent(deps, state);
  const login = requireParameter(responses, 'USERNAME');
  const code = requireParameter(responses, ANSWER_MEMBER[factor]);
  const user = await deps.store.users.findBySub(state.sub);
  const named = await findUserByLogin(deps.store, pool, login);
  if (user ? named?.sub !== user.sub || user.poolId !== pool.id : login !== state.data?.login) throw new NotAuthorizedException('Invalid session for the user.');
  if (checkSecret) checkSecretHash(deps, client, responses?.SECRET_HASH, user ? [login, user.username] : [login]);
  if (!user || (hidesUsers(client) && isLocked(deps, user))) throw new CodeMismatchException('Invalid code received for user');
  checkNotLocked(deps, user);
  try {
    await consumeCode(deps, user, CODE_PURPOSE[factor], code, addressOf(user, factor));
  } catch (error) {
    // A wrong code counts toward the lockout, the one that exhausts the code's attempts included.
    if (error instanceof CognitoError && (error.type === 'CodeMismatchException' || error.type === 'LimitExceededException')) {
      await recordFailedSignIn(deps, user);
      await recordFailedSignInEvent(deps, pool, client, user, 'CODE');
    }
    if (error instanceof CognitoError && error.type === 'CodeMismatchException') throw new CodeMismatchException('Invalid code received for user');
    throw error;
  }
  await spendChallengeSession(deps, state);
  await recordSuccessfulSignIn(deps, user);
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  checkSignInStatus(deps, user);
  await assessSignInWithoutMfa(deps, pool, client, user, 'CODE');
  return user;
}

/** RespondToAuthChallenge EMAIL_OTP / SMS_OTP after the first-factor code: the code, then the tokens. */
export function respondOtpFactor(factor: OtpFactor) {
  return async (
    deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Record<string, string> | undefined, clientMetadata?: Record<string, string>,
  ): Promise<AuthOutcome> => {
    const user = await checkOtpFactorAnswer(deps, pool, client, factor, session, responses);
    return signedIn(deps, pool, client, user, undefined, { clientMetadata });
  };
}
