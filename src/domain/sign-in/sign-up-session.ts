// Sign-in with the Session of SignUp and ConfirmSignUp: USER_AUTH right after sign-up, without the
// password or a second code. SignUp answers a Session (for ConfirmSignUp); ConfirmSignUp answers
// one for InitiateAuth, where the confirmation code stands as the first factor. A SignUp Session
// signs in directly only a user confirmed at sign-up (PreSignUp's autoConfirmUser).
// Each Session is sealed, bound to the pool, client and user, lives the client's
// AuthSessionValidity and is spent on use. No MFA follows, as after any passwordless factor.
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { NotAuthorizedException } from '../../cognito/errors.js';
import { allowsFlow } from '../clients.js';
import { findUserByLogin } from '../users.js';
import { checkSecretHash } from '../secret-hash.js';
import { consumeChallengeSession, createChallengeSession, openChallengeSession } from './challenge-session.js';
import { checkSignInStatus, signedIn } from './next-step.js';
import { requireParameter } from './parameters.js';
import type { AuthOutcome } from './outcome.js';
import type { TriggerContext } from '../triggers/run.js';
import { preAuthentication } from '../triggers/authentication.js';

const SIGN_UP = 'SIGN_UP';
const INVALID = 'Invalid session for the user.';

/** The Session SignUp or ConfirmSignUp answers, for clients that allow USER_AUTH (none otherwise). */
export function signUpSession(deps: Deps, client: ClientRecord, user: UserRecord): string | undefined {
  if (!allowsFlow(client, 'ALLOW_USER_AUTH')) return undefined;
  return createChallengeSession(deps, client, user.sub, SIGN_UP, { confirmed: user.status === 'CONFIRMED' });
}

/** ConfirmSignUp's own Session member, when given, must be this user's SignUp Session from this client. */
export function checkSignUpSession(deps: Deps, client: ClientRecord, user: UserRecord, session: string | undefined): void {
  if (session === undefined) return;
  let sub: string;
  try {
    sub = openChallengeSession(deps, client, session, SIGN_UP).sub;
  } catch {
    throw new NotAuthorizedException(INVALID);
  }
  if (sub !== user.sub) throw new NotAuthorizedException(INVALID);
}

/** InitiateAuth USER_AUTH with a Session: the tokens for the user who just signed up. */
export async function signUpSessionSignIn(
  deps: Deps, pool: PoolRecord, client: ClientRecord, session: string, parameters: Record<string, string> | undefined, context: TriggerContext,
): Promise<AuthOutcome> {
  const login = requireParameter(parameters, 'USERNAME');
  let state;
  try {
    state = openChallengeSession(deps, client, session, SIGN_UP);
  } catch {
    throw new NotAuthorizedException(INVALID);
  }
  const user = await findUserByLogin(deps.store, pool, login);
  if (!user || user.sub !== state.sub || state.data?.confirmed !== true || user.status !== 'CONFIRMED') throw new NotAuthorizedException(INVALID);
  checkSecretHash(deps, client, parameters?.SECRET_HASH, [login, user.username]);
  await preAuthentication(deps, pool, client, login, user, context);
  await consumeChallengeSession(deps, client, session, SIGN_UP);
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  checkSignInStatus(deps, user);
  return signedIn(deps, pool, client, user, undefined, { clientMetadata: context.clientMetadata });
}
