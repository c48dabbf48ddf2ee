// What follows a passed sign-in step, decided in one place for the API and the Hosted UI: after a
// first factor, the status checks, then NEW_PASSWORD_REQUIRED, a remembered device's proof
// (DEVICE_SRP_AUTH) instead of MFA, an MFA challenge, or the tokens; after an MFA or device answer,
// the tokens. The only sign-in module that knows MFA (mfa.ts) and devices (devices.ts).
// PostAuthentication runs just before the tokens, so a function that fails leaves none minted.
import type { Deps } from '../deps.js';
import type { ClientRecord, DeviceRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { NotAuthorizedException, PasswordResetRequiredException, UserNotConfirmedException } from '../../cognito/errors.js';
import { schemaOf } from '../pools.js';
import { checkMfaAnswer, completeMfaSetup, mfaChallenge, selectMfaType, startEmailSetup } from '../mfa.js';
import { passkeySatisfiesMfa, type Factor } from '../mfa-settings.js';
import { deviceChallenge, knownDevice, respondDeviceSrpAuth, tokensFor, tracksDevices, verifyDeviceProof } from '../devices.js';
import { postAuthentication } from '../triggers/authentication.js';
import { createChallengeSession } from './challenge-session.js';
import type { AuthOutcome } from './outcome.js';
import type { TokenTrigger } from '../triggers/pre-token-generation.js';
import { assessSignIn, blockSignIn, recordSignIn, riskMfaDemand } from '../risk/sign-in-risk.js';

type Responses = Record<string, string> | undefined;
type ClientMetadata = Record<string, string> | undefined;

/** Status checks after a correct password; says whether the user must first choose a new password. */
export function checkSignInStatus(deps: Deps, user: UserRecord): 'OK' | 'NEW_PASSWORD_REQUIRED' {
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') throw new PasswordResetRequiredException('Password reset required for the user');
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if (user.passwordExpiresAt !== null && user.passwordExpiresAt <= deps.clock.now()) {
      throw new NotAuthorizedException('Temporary password has expired and must be reset by an administrator.');
    }
    return 'NEW_PASSWORD_REQUIRED';
  }
  return 'OK';
}

/**
 * The sign-in has passed every step: PostAuthentication (which may still refuse it), then the
 * tokens, for `device` or (where the pool tracks devices) a new one. Every sign-in that ends in
 * tokens (CUSTOM_AUTH's included) ends here; a refresh does not.
 */
export async function signedIn(
  deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, device: DeviceRecord | undefined, trigger?: TokenTrigger,
): Promise<AuthOutcome> {
  const context = { clientMetadata: trigger?.clientMetadata };
  await postAuthentication(deps, pool, client, user, { newDeviceUsed: !device && tracksDevices(pool), context });
  return tokensFor(deps, pool, client, user, device, trigger);
}

/**
 * After a correct password: status checks, then the next challenge or the tokens. `deviceKey`: a
 * DEVICE_KEY the client sent (a remembered device then proves itself instead of MFA); `device`: a
 * device that just did; `trigger`: for PreTokenGeneration, should the tokens come now.
 */
export async function completeSignIn(
  deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord,
  options: { deviceKey?: string; device?: DeviceRecord; trigger?: TokenTrigger; whenNothingIsDue?: () => Promise<AuthOutcome>; password?: string } = {},
): Promise<AuthOutcome> {
  if (checkSignInStatus(deps, user) === 'NEW_PASSWORD_REQUIRED') return newPasswordChallenge(deps, pool, client, user);
  if (!options.device) {
    // Threat protection: the risk may block here, or ask for MFA (risk/sign-in-risk.ts).
    const risk = await assessSignIn(deps, pool, client, user, { deviceKey: options.deviceKey, password: options.password });
    const riskMfa = riskMfaDemand(risk);
    const device = await knownDevice(deps, user, options.deviceKey);
    // A remembered device proves its own secret instead of MFA (clients expect tokens after it).
    if (device?.remembered && riskMfa === 'NONE') return recordSignIn(deps, pool, client, user, risk, await deviceChallenge(deps, client, user, device));
    const mfa = await mfaChallenge(deps, pool, client, user, device?.deviceKey);
    if (mfa) return recordSignIn(deps, pool, client, user, risk, mfa);
    if (riskMfa === 'REQUIRED') return blockSignIn(deps, pool, client, user, risk!);
    // CUSTOM_AUTH's password step: with no challenge due, DefineAuthChallenge decides what follows.
    if (options.whenNothingIsDue) return recordSignIn(deps, pool, client, user, risk, await options.whenNothingIsDue());
    // A known device not remembered: no new device is issued for it.
    return recordSignIn(deps, pool, client, user, risk, await signedIn(deps, pool, client, user, device, options.trigger));
  }
  return signedIn(deps, pool, client, user, options.device, { ...options.trigger, source: 'TokenGeneration_AuthenticateDevice' });
}

/**
 * After a passkey: the tokens. Cognito: where the pool counts a passkey as MFA only when its
 * authenticator verified the user (FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION), an
 * unverified assertion is one factor, and the MFA due after a password follows.
 */
export async function completePasskeySignIn(
  deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, userVerified: boolean, trigger?: TokenTrigger,
): Promise<AuthOutcome> {
  if (!userVerified && passkeySatisfiesMfa(pool.config)) {
    const mfa = await mfaChallenge(deps, pool, client, user);
    if (mfa) return mfa;
  }
  return signedIn(deps, pool, client, user, undefined, trigger);
}

function newPasswordChallenge(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord): AuthOutcome {
  const { email_verified: _e, phone_number_verified: _p, ...visible } = user.attributes;
  const required = schemaOf(pool)
    .filter((a) => a.Required && a.Name !== 'sub' && !user.attributes[a.Name])
    .map((a) => `userAttributes.${a.Name}`);
  return {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    ChallengeParameters: {
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: JSON.stringify(required),
      userAttributes: JSON.stringify(visible),
    },
    Session: createChallengeSession(deps, client, user.sub, 'NEW_PASSWORD_REQUIRED'),
  };
}

/** The Hosted UI, after a correct password (or a new one): the MFA challenge when one is due; the page then signs the browser in. */
export const hostedMfaStep = (deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord): Promise<AuthOutcome | undefined> =>
  mfaChallenge(deps, pool, client, user);

/** RespondToAuthChallenge for SOFTWARE_TOKEN_MFA, SMS_MFA and EMAIL_OTP: the tokens (for the known device the sign-in named). */
export function respondFactor(factor: Factor) {
  return async (deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Responses, clientMetadata?: ClientMetadata): Promise<AuthOutcome> => {
    const { user, deviceKey } = await checkMfaAnswer(deps, pool, client, factor, session, responses, true);
    return signedIn(deps, pool, client, user, await knownDevice(deps, user, deviceKey), { clientMetadata });
  };
}

/** SELECT_MFA_TYPE: the chosen factor's challenge. */
export const respondSelectMfaType = (deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Responses): Promise<AuthOutcome> =>
  selectMfaType(deps, pool, client, session, responses);

/**
 * MFA_SETUP: with EMAIL (Amplify's email set-up; the pool allows email MFA), an EMAIL_OTP challenge
 * sent to that address follows; otherwise the TOTP set-up completes with VerifySoftwareToken's Session.
 */
export async function respondMfaSetup(
  deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Responses, clientMetadata?: ClientMetadata,
): Promise<AuthOutcome> {
  if (responses?.EMAIL !== undefined) return startEmailSetup(deps, pool, client, session, responses);
  return signedIn(deps, pool, client, await completeMfaSetup(deps, pool, client, session, responses), undefined, { clientMetadata });
}

/** DEVICE_SRP_AUTH: the device's SRP_A; answers DEVICE_PASSWORD_VERIFIER. */
export { respondDeviceSrpAuth };

/** DEVICE_PASSWORD_VERIFIER: the device's proof; then the sign-in completes with that device. */
export async function respondDevicePasswordVerifier(
  deps: Deps, pool: PoolRecord, client: ClientRecord, _session: string | undefined, responses: Responses, clientMetadata?: ClientMetadata,
): Promise<AuthOutcome> {
  const { user, device } = await verifyDeviceProof(deps, pool, client, responses);
  return completeSignIn(deps, pool, client, user, { device, trigger: { clientMetadata } });
}
