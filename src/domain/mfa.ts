// MFA: TOTP registration, and the challenges after a correct password:
// SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP, SELECT_MFA_TYPE and MFA_SETUP (TOTP, or an email address).
// The pool's configuration and the user's factors and preference are in mfa-settings.ts.
// - user.mfa holds { enabled: Factor[], preferred?: Factor, totpSealed?, totpPendingSealed?,
//   totpName? }; TOTP secrets are sealed with the key-encryption key.
// - A TOTP code is accepted once (store.consumed keyed by user and time step); SMS and email codes
//   are one-time codes from codes.ts (3 minutes), bound to the number or address they went to.
//   Wrong codes count toward the sign-in lockout.
// - A passed SMS_MFA challenge marks the number verified, as Cognito does.
// - A challenge Session may be retried after a wrong code until it expires; it is spent on success.
import type { Deps } from './deps.js';
import type { ClientRecord, Json, PoolRecord, UserRecord } from '../store/store.js';
import {
  CodeMismatchException,
  ExpiredCodeException,
  InvalidParameterException,
  NotAuthorizedException,
  CognitoError,
} from '../cognito/errors.js';
import { EnableSoftwareTokenMFAException, SoftwareTokenMFANotFoundException } from '../cognito/errors.js';
import { matchTotp, newTotpSecret, TOTP_STEP_MS } from '../crypto/totp.js';
import { consumeCode, issueCode } from './codes.js';
import { maskDestination, validateAttributes } from './attributes.js';
import { findUserByLogin, syncAliases } from './users.js';
import { checkSecretHash } from './secret-hash.js';
import { checkNotSpent, createChallengeSession, openChallengeSession, spendChallengeSession, type ChallengeState } from './sign-in/challenge-session.js';
import { requireParameter } from './sign-in/parameters.js';
import { checkNotLocked, recordFailedSignIn, recordSuccessfulSignIn } from './sign-in/lockout.js';
import type { AuthOutcome } from './sign-in/outcome.js';
import { canUse, enabledOf, FACTORS, getPoolMfaConfig, poolFactors, type Factor } from './mfa-settings.js';
import { useOnce } from './single-use.js';
import { deliverMessage } from './delivery.js';
import { recordMfaAnswer } from './risk/sign-in-risk.js';

const TOTP_PURPOSE = 'totp-secret';
const MFA_CODE_TTL_MS = 3 * 60_000;
const CODE_PURPOSE = { SMS_MFA: 'mfa_sms', EMAIL_OTP: 'mfa_email' } as const;
const RESPONSE_MEMBER: Record<Factor, string> = { SMS_MFA: 'SMS_MFA_CODE', SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE', EMAIL_OTP: 'EMAIL_OTP_CODE' };
const MFA_CODE_MISMATCH = 'Invalid code received for user';

// ---- User factors in challenges ---------------------------------------------------------------

export function openTotp(deps: Deps, user: UserRecord, member: 'totpSealed' | 'totpPendingSealed' = 'totpSealed'): string | undefined {
  const sealed = user.mfa[member];
  if (typeof sealed !== 'string') return undefined;
  try {
    return deps.sealer.open(sealed, TOTP_PURPOSE);
  } catch {
    return undefined;
  }
}

/** The factors the user can be challenged with now: enabled by the user and by the pool, with what each needs. */
function usableFactors(deps: Deps, pool: PoolRecord, user: UserRecord): Factor[] {
  const allowed = poolFactors(pool);
  return enabledOf(user).filter((f) => allowed.includes(f) && canUse(user, f));
}

// ---- TOTP registration ----------------------------------------------------------------------

/** AssociateSoftwareToken with an AccessToken: a new pending secret (replacing any earlier one). */
export async function associateForUser(deps: Deps, user: UserRecord): Promise<string> {
  const secret = newTotpSecret();
  await deps.store.users.update(user.sub, { mfa: { ...user.mfa, totpPendingSealed: deps.sealer.seal(secret, TOTP_PURPOSE) }, updatedAt: deps.clock.now() });
  return secret;
}

/** AssociateSoftwareToken with an MFA_SETUP Session: the secret travels (sealed) in the next Session. */
export async function associateForSession(deps: Deps, session: string): Promise<{ secret: string; session: string }> {
  const state = openChallengeSession(deps, undefined, session, 'MFA_SETUP');
  if (state.data?.stage === 'verified') throw new NotAuthorizedException('Invalid session for the user.');
  const client = await requireSessionClient(deps, state);
  await spendChallengeSession(deps, state);
  const secret = newTotpSecret();
  return { secret, session: createChallengeSession(deps, client, state.sub, 'MFA_SETUP', { stage: 'associated', secret: deps.sealer.seal(secret, TOTP_PURPOSE) }) };
}

/** The secret of an MFA_SETUP Session after AssociateSoftwareToken (for showing it again). */
export function pendingSetupSecret(deps: Deps, session: string): string {
  const state = openChallengeSession(deps, undefined, session, 'MFA_SETUP');
  if (state.data?.stage !== 'associated' || typeof state.data.secret !== 'string') throw new NotAuthorizedException('Invalid session for the user.');
  return deps.sealer.open(state.data.secret, TOTP_PURPOSE);
}

async function requireSessionClient(deps: Deps, state: ChallengeState): Promise<ClientRecord> {
  const client = await deps.store.clients.find(state.clientId);
  if (!client) throw new NotAuthorizedException('Invalid session for the user.');
  return client;
}

async function acceptTotp(deps: Deps, user: UserRecord, secret: string, code: string): Promise<boolean> {
  const step = matchTotp(secret, code, deps.clock.now());
  if (step === undefined) return false;
  // Each code once: a code seen (stolen) over a shoulder cannot be replayed within its window.
  if (!(await useOnce(deps, `totp:${user.sub}:${step}`, (step + 3) * TOTP_STEP_MS))) {
    throw new ExpiredCodeException('Your software token has already been used once.');
  }
  return true;
}

const ENABLE_MISMATCH = 'Code mismatch and fail enable Software Token MFA';

/** VerifySoftwareToken with an AccessToken: registers the secret (SetUserMFAPreference enables it). */
export async function verifyForUser(deps: Deps, user: UserRecord, code: string, friendlyName?: string): Promise<void> {
  const secret = openTotp(deps, user, 'totpPendingSealed');
  if (!secret) throw new SoftwareTokenMFANotFoundException('Software Token MFA does not exist for the user.');
  if (!(await acceptTotp(deps, user, secret, code))) throw new EnableSoftwareTokenMFAException(ENABLE_MISMATCH);
  const { totpPendingSealed, ...rest } = user.mfa;
  await deps.store.users.update(user.sub, { mfa: { ...rest, totpSealed: totpPendingSealed, ...(friendlyName && { totpName: friendlyName }) }, updatedAt: deps.clock.now() });
}

/** VerifySoftwareToken with an MFA_SETUP Session: registers, enables and prefers TOTP; the next Session completes MFA_SETUP. */
export async function verifyForSession(deps: Deps, session: string, code: string, friendlyName?: string): Promise<string> {
  const state = openChallengeSession(deps, undefined, session, 'MFA_SETUP');
  if (state.data?.stage !== 'associated' || typeof state.data.secret !== 'string') throw new NotAuthorizedException('Invalid session for the user.');
  const client = await requireSessionClient(deps, state);
  const user = await deps.store.users.findBySub(state.sub);
  if (!user) throw new NotAuthorizedException('Invalid session for the user.');
  checkNotLocked(deps, user);
  await checkNotSpent(deps, state);
  const secret = deps.sealer.open(state.data.secret, TOTP_PURPOSE);
  if (!(await acceptTotp(deps, user, secret, code))) {
    await recordFailedSignIn(deps, user);
    throw new EnableSoftwareTokenMFAException(ENABLE_MISMATCH);
  }
  await spendChallengeSession(deps, state);
  const enabled = [...new Set([...enabledOf(user), 'SOFTWARE_TOKEN_MFA'])];
  await deps.store.users.update(user.sub, {
    mfa: { ...user.mfa, totpSealed: state.data.secret, enabled, preferred: 'SOFTWARE_TOKEN_MFA', ...(friendlyName && { totpName: friendlyName }) },
    updatedAt: deps.clock.now(),
  });
  return createChallengeSession(deps, client, user.sub, 'MFA_SETUP', { stage: 'verified' });
}

// ---- Challenges after the password ----------------------------------------------------------

/** Whether a correct password leads to an MFA challenge (or its set-up): what mfaChallenge decides, without starting one. */
export function isMfaDue(deps: Deps, pool: PoolRecord, user: UserRecord): boolean {
  const mode = pool.config.MfaConfiguration ?? 'OFF';
  return mode === 'ON' || (mode === 'OPTIONAL' && usableFactors(deps, pool, user).length > 0);
}

/** The MFA challenge a correct password leads to, or undefined when none is due. */
/** `deviceKey`: a known device named by the sign-in, carried to the tokens (no new device is issued then). */
export async function mfaChallenge(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, deviceKey?: string): Promise<AuthOutcome | undefined> {
  const mode = pool.config.MfaConfiguration ?? 'OFF';
  if (mode === 'OFF') return undefined;
  const factors = usableFactors(deps, pool, user);
  if (factors.length === 0) {
    if (mode === 'OPTIONAL') return undefined;
    const allowed = poolFactors(pool);
    // ON and nothing set up: a phone or an email the pool can send to serves, else set-up: TOTP
    // (AssociateSoftwareToken / VerifySoftwareToken) or an email address (MFA_SETUP with EMAIL).
    if (allowed.includes('SMS_MFA') && user.attributes.phone_number) return startFactor(deps, pool, client, user, 'SMS_MFA', deviceKey);
    if (allowed.includes('EMAIL_OTP') && user.attributes.email) return startFactor(deps, pool, client, user, 'EMAIL_OTP', deviceKey);
    return {
      ChallengeName: 'MFA_SETUP',
      ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify(setupFactors(allowed)), USER_ID_FOR_SRP: user.username },
      Session: createChallengeSession(deps, client, user.sub, 'MFA_SETUP', { stage: 'setup' }),
    };
  }
  const preferred: Factor | undefined = factors.includes(user.mfa.preferred) ? user.mfa.preferred : factors.length === 1 ? factors[0] : undefined;
  if (preferred) return startFactor(deps, pool, client, user, preferred, deviceKey);
  return {
    ChallengeName: 'SELECT_MFA_TYPE',
    ChallengeParameters: { MFAS_CAN_CHOOSE: JSON.stringify(factors), USER_ID_FOR_SRP: user.username },
    Session: createChallengeSession(deps, client, user.sub, 'SELECT_MFA_TYPE', { choices: factors, ...(deviceKey && { deviceKey }) }),
  };
}

/** What MFA_SETUP offers: TOTP and email set-up where the pool allows them (SMS needs a phone number set beforehand). */
function setupFactors(allowed: Factor[]): Factor[] {
  const setup = allowed.filter((f) => f !== 'SMS_MFA');
  return setup.length > 0 ? setup : allowed;
}

/** `setupEmail`: MFA_SETUP with EMAIL, the code goes to that new address (set on the user once the code is right). */
async function startFactor(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, factor: Factor, deviceKey?: string, setupEmail?: string): Promise<AuthOutcome> {
  const parameters: Record<string, string> = { USER_ID_FOR_SRP: user.username };
  if (factor === 'SOFTWARE_TOKEN_MFA') {
    if (user.mfa.totpName) parameters.FRIENDLY_DEVICE_NAME = user.mfa.totpName;
  } else {
    // Bound to the address it goes to: a code sent to a number that changed since cannot pass.
    const code = await issueCode(deps, user, CODE_PURPOSE[factor], MFA_CODE_TTL_MS, { binding: setupEmail ?? deliveryAddress(user, factor) });
    const config = getPoolMfaConfig(pool);
    // Cognito: InitiateAuth's ClientMetadata does not reach CustomMessage or the custom senders.
    const message = { source: 'Authentication', clientId: client.id, purpose: 'mfa', code } as const;
    if (factor === 'SMS_MFA') {
      const destination = user.attributes.phone_number;
      await deliverMessage(deps, pool, user, {
        ...message, medium: 'SMS', destination,
        text: { body: config.SmsMfaConfiguration?.SmsAuthenticationMessage ?? pool.config.SmsAuthenticationMessage ?? 'Your authentication code is {####}. ' },
      });
      Object.assign(parameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: maskDestination('SMS', destination) });
    } else {
      const destination = setupEmail ?? user.attributes.email;
      await deliverMessage(deps, pool, user, {
        ...message, medium: 'EMAIL', destination,
        text: { subject: config.EmailMfaConfiguration?.Subject ?? 'Your sign-in code', body: config.EmailMfaConfiguration?.Message ?? 'Your sign-in code is {####}. ' },
      });
      Object.assign(parameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: maskDestination('EMAIL', destination) });
    }
  }
  const data = { ...(deviceKey && { deviceKey }), ...(setupEmail && { setupEmail }) };
  return { ChallengeName: factor, ChallengeParameters: parameters, Session: createChallengeSession(deps, client, user.sub, factor, Object.keys(data).length > 0 ? data : undefined) };
}

/** The session's user, who must be the one named by USERNAME; SECRET_HASH over either name (not for the Hosted UI, which acts for the client). */
async function sessionUser(deps: Deps, pool: PoolRecord, client: ClientRecord, state: ChallengeState, responses: Record<string, string> | undefined, secretHash: boolean): Promise<UserRecord> {
  const login = requireParameter(responses, 'USERNAME');
  const user = await deps.store.users.findBySub(state.sub);
  if (!user || user.poolId !== pool.id) throw new NotAuthorizedException('Invalid session for the user.');
  const named = await findUserByLogin(deps.store, pool, login);
  if (named?.sub !== user.sub) throw new NotAuthorizedException('Invalid session for the user.');
  if (secretHash) checkSecretHash(deps, client, responses?.SECRET_HASH, [login, user.username]);
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  return user;
}

type Responses = Record<string, string> | undefined;

/** Checks the answer to SOFTWARE_TOKEN_MFA, SMS_MFA or EMAIL_OTP and spends the Session; answers the signed-in user. */
export async function verifyMfaAnswer(deps: Deps, pool: PoolRecord, client: ClientRecord, factor: Factor, session: string | undefined, responses: Responses, secretHash = true): Promise<UserRecord> {
  return (await checkMfaAnswer(deps, pool, client, factor, session, responses, secretHash)).user;
}

/** Checks the answer to SOFTWARE_TOKEN_MFA, SMS_MFA or EMAIL_OTP and spends the Session; answers the user and the known device the sign-in named. */
export async function checkMfaAnswer(deps: Deps, pool: PoolRecord, client: ClientRecord, factor: Factor, session: string | undefined, responses: Responses, secretHash: boolean): Promise<{ user: UserRecord; deviceKey?: string }> {
  const state = openChallengeSession(deps, client, session, factor);
  await checkNotSpent(deps, state);
  const user = await sessionUser(deps, pool, client, state, responses, secretHash);
  const code = requireParameter(responses, RESPONSE_MEMBER[factor]);
  checkNotLocked(deps, user);
  if (factor === 'SOFTWARE_TOKEN_MFA') {
    const secret = openTotp(deps, user);
    if (!secret) throw new SoftwareTokenMFANotFoundException('Software Token MFA does not exist for the user.');
    if (!(await acceptTotp(deps, user, secret, code))) {
      await recordFailedSignIn(deps, user);
      await recordMfaAnswer(deps, pool, user, false);
      throw new CodeMismatchException(MFA_CODE_MISMATCH);
    }
  } else {
    try {
      await consumeCode(deps, user, CODE_PURPOSE[factor], code, setupEmailOf(state) ?? deliveryAddress(user, factor));
    } catch (error) {
      if (error instanceof CognitoError && error.type === 'CodeMismatchException') {
        await recordFailedSignIn(deps, user);
        await recordMfaAnswer(deps, pool, user, false);
        throw new CodeMismatchException(MFA_CODE_MISMATCH);
      }
      throw error;
    }
  }
  await spendChallengeSession(deps, state);
  await recordSuccessfulSignIn(deps, user);
  await recordMfaAnswer(deps, pool, user, true);
  const setupEmail = setupEmailOf(state);
  const signedIn = factor === 'SMS_MFA' ? await markPhoneVerified(deps, pool, user) : setupEmail ? await enableEmailMfa(deps, pool, user, setupEmail) : user;
  return { user: signedIn, ...(typeof state.data?.deviceKey === 'string' && { deviceKey: state.data.deviceKey }) };
}

const setupEmailOf = (state: ChallengeState): string | undefined => (typeof state.data?.setupEmail === 'string' ? state.data.setupEmail : undefined);

/** MFA_SETUP by email, the code accepted: the address becomes the user's verified email, EMAIL_OTP enabled and preferred. */
async function enableEmailMfa(deps: Deps, pool: PoolRecord, user: UserRecord, email: string): Promise<UserRecord> {
  const attributes = { ...user.attributes, email, email_verified: 'true' };
  const mfa: Json = { ...user.mfa, enabled: FACTORS.filter((f) => f === 'EMAIL_OTP' || enabledOf(user).includes(f)), preferred: 'EMAIL_OTP' };
  await deps.store.transaction(async (tx) => {
    await syncAliases(tx, pool, user, attributes);
    await tx.users.update(user.sub, { attributes, mfa, updatedAt: deps.clock.now() });
  });
  return { ...user, attributes, mfa };
}

const deliveryAddress = (user: UserRecord, factor: 'SMS_MFA' | 'EMAIL_OTP'): string =>
  (factor === 'SMS_MFA' ? user.attributes.phone_number : user.attributes.email) ?? '';

/**
 * Cognito: "When a user successfully goes through the SMS text message MFA flow, their phone number
 * is also marked as verified" (the code went to that number: it is bound to it). A number another
 * user holds verified as an alias stays unverified here (the sign-in itself still succeeds).
 */
async function markPhoneVerified(deps: Deps, pool: PoolRecord, user: UserRecord): Promise<UserRecord> {
  if (user.attributes.phone_number_verified === 'true') return user;
  const attributes = { ...user.attributes, phone_number_verified: 'true' };
  try {
    await deps.store.transaction(async (tx) => {
      await syncAliases(tx, pool, user, attributes);
      await tx.users.update(user.sub, { attributes, updatedAt: deps.clock.now() });
    });
  } catch (error) {
    if (error instanceof CognitoError && error.type === 'AliasExistsException') return user;
    throw error;
  }
  return { ...user, attributes };
}

/** SELECT_MFA_TYPE: ANSWER names one of MFAS_CAN_CHOOSE; that challenge follows. */
export async function selectMfaType(deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Responses, secretHash = true): Promise<AuthOutcome> {
  const state = openChallengeSession(deps, client, session, 'SELECT_MFA_TYPE');
  const user = await sessionUser(deps, pool, client, state, responses, secretHash);
  const answer = requireParameter(responses, 'ANSWER');
  const choices = (state.data?.choices ?? []) as Factor[];
  if (!choices.includes(answer as Factor)) throw new InvalidParameterException(`Invalid ANSWER: expected one of ${choices.join(', ')}.`);
  await spendChallengeSession(deps, state);
  return startFactor(deps, pool, client, user, answer as Factor, typeof state.data?.deviceKey === 'string' ? state.data.deviceKey : undefined);
}

/** Completes MFA_SETUP with the Session VerifySoftwareToken returned; answers the signed-in user. */
export async function completeMfaSetup(deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Responses, secretHash = true): Promise<UserRecord> {
  const state = openChallengeSession(deps, client, session, 'MFA_SETUP');
  const user = await sessionUser(deps, pool, client, state, responses, secretHash);
  if (state.data?.stage !== 'verified') throw new InvalidParameterException('Set up a software token first: AssociateSoftwareToken, then VerifySoftwareToken with this Session.');
  await spendChallengeSession(deps, state);
  return user;
}

/** MFA_SETUP with EMAIL: the EMAIL_OTP challenge, its code sent to that address (`secretHash`: false for the Hosted UI). */
export async function startEmailSetup(deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Record<string, string>, secretHash = true): Promise<AuthOutcome> {
  const state = openChallengeSession(deps, client, session, 'MFA_SETUP');
  await checkNotSpent(deps, state);
  const user = await sessionUser(deps, pool, client, state, responses, secretHash);
  if (state.data?.stage !== 'setup' || !setupFactors(poolFactors(pool)).includes('EMAIL_OTP')) {
    throw new InvalidParameterException('Email MFA cannot be set up for this user pool or session.');
  }
  const email = responses.EMAIL;
  validateAttributes(pool, { email }, { creating: false });
  await spendChallengeSession(deps, state);
  return startFactor(deps, pool, client, user, 'EMAIL_OTP', undefined, email);
}
