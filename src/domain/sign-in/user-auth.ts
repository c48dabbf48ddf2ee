// USER_AUTH, choice-based sign-in:
// - InitiateAuth with PREFERRED_CHALLENGE=PASSWORD (+PASSWORD) or PASSWORD_SRP (+SRP_A) goes
//   straight to that step: USER_PASSWORD_AUTH's rules, or USER_SRP_AUTH's PASSWORD_VERIFIER.
//   EMAIL_OTP / SMS_OTP send a code and answer that challenge (one-time-code.ts).
// - Without a preference, or with one this user may not use, the answer is SELECT_CHALLENGE with
//   AvailableChallenges and a Session; RespondToAuthChallenge SELECT_CHALLENGE with ANSWER=PASSWORD
//   (+PASSWORD), PASSWORD_SRP (+SRP_A), EMAIL_OTP or SMS_OTP continues as above (so do ChallengeName
//   PASSWORD / PASSWORD_SRP with that Session). After a password, MFA, devices and
//   NEW_PASSWORD_REQUIRED follow as in the password flows; after a code, the tokens.
// - Offered: first-factors.ts (the pool's AllowedFirstAuthFactors and what the user has), and
//   WEB_AUTHN to a user who registered a passkey in a pool that allows it (web-authn.ts):
//   PREFERRED_CHALLENGE=WEB_AUTHN or ANSWER=WEB_AUTHN answer with its challenge.
// - With a Session (SignUp's or ConfirmSignUp's), the user who just signed up gets the tokens
//   (sign-up-session.ts).
// - Unknown users: UserNotFoundException, or with PreventUserExistenceErrors=ENABLED the answers a
//   user would get, with a decoy's factors (decoy-factors.ts): SELECT_CHALLENGE, a code challenge
//   (nothing sent) or a WEB_AUTHN challenge, whose answers then fail like a wrong password, code or
//   credential. With a UserMigration trigger they get SELECT_CHALLENGE too: the PASSWORD answer may
//   migrate them (PASSWORD_SRP cannot).
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { InvalidParameterException, NotAuthorizedException } from '../../cognito/errors.js';
import { findUserByLogin } from '../users.js';
import { checkSecretHash } from '../secret-hash.js';
import { consumeChallengeSession, createChallengeSession } from './challenge-session.js';
import { srpSignIn } from './srp.js';
import { newUuid } from '../../crypto/random.js';
import { hidesUsers, requireParameter, unknownUserError } from './parameters.js';
import { passwordSignIn } from './password.js';
import type { AuthOutcome } from './outcome.js';
import { hasTrigger, type TriggerContext } from '../triggers/run.js';
import { firstFactorsFor, isOtpFactor, type FirstFactor } from './first-factors.js';
import { startOtpFactor } from './one-time-code.js';
import { signUpSessionSignIn } from './sign-up-session.js';
import { decoyWebAuthnChallenge, offersPasskey, webAuthnChallenge } from './web-authn.js';
import { decoyChallenges } from './decoy-factors.js';
import { allowsPasskeys } from '../passkeys/relying-party.js';

const CHALLENGE_NAMES = new Set(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']);

type Parameters = Record<string, string> | undefined;

/** The chosen factor's step, with the USERNAME (and SECRET_HASH, DEVICE_KEY) of the request. */
async function startFactor(deps: Deps, pool: PoolRecord, client: ClientRecord, factor: FirstFactor, parameters: Parameters, context: TriggerContext): Promise<AuthOutcome> {
  if (isOtpFactor(factor)) {
    const login = requireParameter(parameters, 'USERNAME');
    return startOtpFactor(deps, pool, client, factor, login, await findUserByLogin(deps.store, pool, login), context);
  }
  const common = {
    USERNAME: requireParameter(parameters, 'USERNAME'),
    ...(parameters?.SECRET_HASH && { SECRET_HASH: parameters.SECRET_HASH }),
    ...(parameters?.DEVICE_KEY && { DEVICE_KEY: parameters.DEVICE_KEY }),
  };
  return factor === 'PASSWORD'
    ? passwordSignIn(deps, pool, client, { ...common, PASSWORD: requireParameter(parameters, 'PASSWORD') }, context)
    : srpSignIn(deps, pool, client, { ...common, SRP_A: requireParameter(parameters, 'SRP_A') }, context);
}

/** InitiateAuth / AdminInitiateAuth with USER_AUTH. */
export async function userAuthSignIn(
  deps: Deps, pool: PoolRecord, client: ClientRecord, parameters: Parameters, context: TriggerContext = {}, session?: string,
): Promise<AuthOutcome> {
  const login = requireParameter(parameters, 'USERNAME');
  if (session !== undefined) return signUpSessionSignIn(deps, pool, client, session, parameters, context);
  if (firstFactorsFor(pool, undefined).length === 0 && !allowsPasskeys(pool)) {
    throw new InvalidParameterException('This user pool allows no first factor that Gatehouse implements for USER_AUTH (SignInPolicy.AllowedFirstAuthFactors).');
  }
  const preferred = parameters?.PREFERRED_CHALLENGE;
  if (preferred !== undefined && !CHALLENGE_NAMES.has(preferred)) throw new InvalidParameterException(`Invalid PREFERRED_CHALLENGE: ${preferred}`);
  // The password factors keep their own unknown-user and migration rules (password.ts, srp.ts).
  if (!isOtpFactor(preferred ?? '') && firstFactorsFor(pool, undefined).includes(preferred as FirstFactor)) {
    return startFactor(deps, pool, client, preferred as FirstFactor, parameters, context);
  }

  const user = await findUserByLogin(deps.store, pool, login);
  checkSecretHash(deps, client, parameters?.SECRET_HASH, user ? [login, user.username] : [login]);
  // An unknown name may still be a user the pool's UserMigration knows: its PASSWORD answer migrates them.
  if (!user && !hidesUsers(client) && !hasTrigger(pool, 'UserMigration')) throw unknownUserError(client);
  const available = await challengesFor(deps, pool, client, login, user);
  if (preferred === 'WEB_AUTHN' && available.includes('WEB_AUTHN')) {
    return user ? webAuthnChallenge(deps, pool, client, user, context, login) : decoyWebAuthnChallenge(deps, pool, client, login, context);
  }
  if (preferred !== undefined && isOtpFactor(preferred) && available.includes(preferred)) {
    return startOtpFactor(deps, pool, client, preferred, login, user, context);
  }
  return {
    ChallengeName: 'SELECT_CHALLENGE',
    ChallengeParameters: {},
    AvailableChallenges: available,
    // A hidden unknown user gets a Session naming the login typed and a random sub (a sealed Session's
    // length follows its content: an empty sub would tell that the user does not exist); its answers
    // fail as a wrong password. InitiateAuth's ClientMetadata travels in it to PreAuthentication.
    Session: createChallengeSession(deps, client, user?.sub ?? newUuid(), 'SELECT_CHALLENGE', {
      login, ...(context.validationData && { validationData: context.validationData }),
    }),
  };
}

/**
 * The challenges SELECT_CHALLENGE offers `login`: the user's first factors (WEB_AUTHN once they have
 * a passkey); for a name that matches nobody, a decoy's where the client hides users
 * (decoy-factors.ts), else every factor the pool allows (a UserMigration trigger may still know them).
 */
async function challengesFor(deps: Deps, pool: PoolRecord, client: ClientRecord, login: string, user: UserRecord | undefined): Promise<string[]> {
  if (!user) return hidesUsers(client) ? decoyChallenges(deps, pool, login) : firstFactorsFor(pool, undefined);
  const factors: string[] = firstFactorsFor(pool, user);
  if (await offersPasskey(deps, pool, user)) factors.push('WEB_AUTHN');
  return factors;
}

/**
 * RespondToAuthChallenge SELECT_CHALLENGE (factor from ANSWER) or PASSWORD / PASSWORD_SRP (factor
 * from the name), with the Session of SELECT_CHALLENGE; spent once used.
 */
export function respondFirstFactor(named?: FirstFactor) {
  return async (deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Parameters, clientMetadata?: Parameters): Promise<AuthOutcome> => {
    const factor = named ?? requireParameter(responses, 'ANSWER');
    const login = requireParameter(responses, 'USERNAME');
    const user = await findUserByLogin(deps.store, pool, login);
    const available = await challengesFor(deps, pool, client, login, user);
    if (!available.includes(factor)) {
      throw new InvalidParameterException(`Invalid ANSWER: expected one of ${available.join(', ')}.`);
    }
    const state = await consumeChallengeSession(deps, client, session, 'SELECT_CHALLENGE');
    // The same user as at InitiateAuth (by any of their names), or for a hidden unknown user the same login.
    const same = user ? user.sub === state.sub : login === state.data?.login;
    if (!same) throw new NotAuthorizedException('Invalid session for the user.');
    const context = { clientMetadata, validationData: state.data?.validationData as Record<string, string> | undefined };
    if (factor === 'WEB_AUTHN') {
      return user ? webAuthnChallenge(deps, pool, client, user, context, login) : decoyWebAuthnChallenge(deps, pool, client, login, context);
    }
    return startFactor(deps, pool, client, factor as FirstFactor, responses, context);
  };
}
