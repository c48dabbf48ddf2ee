// CUSTOM_AUTH (Amplify's CUSTOM_WITHOUT_SRP and CUSTOM_WITH_SRP): the pool's DefineAuthChallenge
// decides, round after round, between another challenge, the tokens and a refusal.
// - InitiateAuth {USERNAME}: Define gets session []. With {SRP_A, CHALLENGE_NAME: "SRP_A"} it gets
//   [SRP_A ✓] and may answer PASSWORD_VERIFIER: the built-in SRP challenge, without Create. Its
//   correct proof is followed by whatever a password sign-in would have due (NEW_PASSWORD_REQUIRED,
//   a remembered device, MFA: then the tokens come after it, without Define); else Define gets
//   [SRP_A ✓, PASSWORD_VERIFIER ✓]. A wrong password is refused at once, as in USER_SRP_AUTH.
// - CUSTOM_CHALLENGE: CreateAuthChallenge makes it; ChallengeParameters are its public parameters
//   plus USERNAME; the private ones travel sealed in the Session. RespondToAuthChallenge's ANSWER
//   goes to VerifyAuthChallengeResponse, the session array grows by {CUSTOM_CHALLENGE, result,
//   Create's challengeMetadata}, and Define decides again.
// - Every round has a fresh Session: sealed, bound to client and user, the client's
//   AuthSessionValidity, single use. Wrong answers do not count toward the password lockout.
// - Unknown users: UserNotFoundException, or with PreventUserExistenceErrors=ENABLED the same flow
//   with userNotFound: true, which can never end in tokens.
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { InvalidLambdaResponseException, InvalidParameterException, NotAuthorizedException, PasswordResetRequiredException, UserNotConfirmedException, INCORRECT_CREDENTIALS } from '../../cognito/errors.js';
import { newUuid } from '../../crypto/random.js';
import { checkClientPublic, parseHex } from '../../crypto/srp.js';
import { findUserByLogin } from '../users.js';
import { checkSecretHash } from '../secret-hash.js';
import { knownDevice } from '../devices.js';
import { triggerUserAttributes } from '../triggers/run.js';
import {
  createAuthChallenge, defineAuthChallenge, requireCustomAuthTrigger, verifyAuthChallengeResponse,
  type ChallengeResult, type ChallengeSubject,
} from '../triggers/custom-auth.js';
import { checkNotSpent, createChallengeSession, openChallengeSession, spendChallengeSession, type ChallengeState } from './challenge-session.js';
import { hidesUsers, requireParameter, unknownUserError } from './parameters.js';
import { checkPasswordClaim, decoyFor, srpSignIn } from './srp.js';
import { completeSignIn, signedIn } from './next-step.js';
import { assessSignInWithoutMfa, recordFailedSignInEvent } from '../risk/sign-in-risk.js';
import type { AuthOutcome } from './outcome.js';

type Parameters = Record<string, string> | undefined;

/**
 * The longest session array Define may see. Cognito documents no number (UNVERIFIED); the bound keeps
 * a sign-in from looping forever and its Session within the size RespondToAuthChallenge accepts.
 */
export const MAX_CHALLENGE_ROUNDS = 16;

/** What a custom-auth Session carries between rounds (sealed: the client reads none of it). */
interface FlowState {
  /** The name the user typed (an unknown user's only name). */
  login: string;
  /** The name triggers and ChallengeParameters.USERNAME show (an unknown user's looks like a real one). */
  userName: string;
  /** 1: a user of the pool; 0: an unknown one. A number: a Session's length must not tell which. */
  known: 0 | 1;
  session: ChallengeResult[];
  /** CUSTOM_CHALLENGE: Create's private parameters and metadata, for Verify and the next entry. */
  privateChallengeParameters?: Record<string, string>;
  challengeMetadata?: string | null;
  deviceKey?: string;
}

const STATE_KEY = 'customAuth';

type ClientMetadata = Record<string, string> | undefined;

function subjectOf(pool: PoolRecord, client: ClientRecord, user: UserRecord | undefined, state: Pick<FlowState, 'userName'>, clientMetadata: ClientMetadata): ChallengeSubject {
  return {
    userName: state.userName,
    userAttributes: user ? triggerUserAttributes(pool, user) : {},
    ...(hidesUsers(client) && { userNotFound: !user }),
    ...(clientMetadata && { clientMetadata }),
  };
}

/** Status checks: a disabled, unconfirmed or reset user gets no tokens (nor, where users are not hidden, any challenge). */
function checkCustomAuthStatus(user: UserRecord): void {
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.');
  if (user.status === 'RESET_REQUIRED') throw new PasswordResetRequiredException('Password reset required for the user');
}

/** InitiateAuth / AdminInitiateAuth with CUSTOM_AUTH. */
export async function customAuthSignIn(deps: Deps, pool: PoolRecord, client: ClientRecord, parameters: Parameters): Promise<AuthOutcome> {
  const login = requireParameter(parameters, 'USERNAME');
  requireCustomAuthTrigger(pool);
  const srpA = parameters?.CHALLENGE_NAME === 'SRP_A' ? requireParameter(parameters, 'SRP_A') : undefined;
  if (parameters?.CHALLENGE_NAME !== undefined && parameters.CHALLENGE_NAME !== 'SRP_A') {
    throw new InvalidParameterException(`Invalid CHALLENGE_NAME: ${parameters.CHALLENGE_NAME}`);
  }
  // Bad SRP_A is refused before any function runs.
  const parsedA = srpA === undefined ? undefined : parseHex(srpA);
  if (srpA !== undefined && !(parsedA && checkClientPublic(parsedA))) throw new InvalidParameterException('Invalid value for SRP_A.');
  const user = await findUserByLogin(deps.store, pool, login);
  checkSecretHash(deps, client, parameters?.SECRET_HASH, user ? [login, user.username] : [login]);
  if (!user && !hidesUsers(client)) throw unknownUserError(client);
  // A client that hides users gets the challenges for a disabled or unconfirmed user too: the
  // refusal comes when Define would issue the tokens, as the password flows refuse after the password.
  if (user && !hidesUsers(client)) checkCustomAuthStatus(user);
  // Cognito: PreAuthentication is reported not to run on CUSTOM_AUTH; were it to, it would run here,
  // once the user is known and before DefineAuthChallenge.
  // Cognito: InitiateAuth's ClientMetadata is not given to the custom-auth triggers (only
  // RespondToAuthChallenge's is).
  const state: FlowState = {
    login, userName: user?.username ?? decoyFor(deps, pool, login).userId, known: user ? 1 : 0, session: [],
    ...(parameters?.DEVICE_KEY && { deviceKey: parameters.DEVICE_KEY }),
  };
  if (srpA !== undefined) state.session.push({ challengeName: 'SRP_A', challengeResult: true, challengeMetadata: null });
  return nextRound(deps, pool, client, user, state, undefined, srpA !== undefined ? { ...parameters, USERNAME: login, SRP_A: srpA } : undefined);
}

/** Asks Define what follows the session so far, and answers it. `srp`: the SRP_A parameters, while the password step is still possible. */
async function nextRound(
  deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord | undefined, state: FlowState, clientMetadata: ClientMetadata, srp?: Record<string, string>,
): Promise<AuthOutcome> {
  const subject = subjectOf(pool, client, user, state, clientMetadata);
  const decision = await defineAuthChallenge(deps, pool, client, subject, state.session);
  // Cognito: failAuthentication is refused as a wrong password is.
  if (decision.kind === 'fail') {
    if (user) await recordFailedSignInEvent(deps, pool, client, user, 'CUSTOM');
    throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  }
  if (decision.kind === 'issueTokens') {
    if (!user) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
    return issueCustomAuthTokens(deps, pool, client, user, state, clientMetadata);
  }
  if (state.session.length >= MAX_CHALLENGE_ROUNDS) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  const sub = user?.sub ?? newUuid();
  if (decision.challengeName === 'PASSWORD_VERIFIER' && srp) {
    const challenge = await srpSignIn(deps, pool, client, srp, {}, 'custom-srp');
    return { ...challenge, Session: seal(deps, client, sub, 'PASSWORD_VERIFIER', state) };
  }
  if (decision.challengeName !== 'CUSTOM_CHALLENGE') {
    // Cognito: Define may only name CUSTOM_CHALLENGE, or PASSWORD_VERIFIER right after SRP_A.
    throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  }
  const created = await createAuthChallenge(deps, pool, client, subject, decision.challengeName, state.session);
  const next: FlowState = { ...state, privateChallengeParameters: created.privateChallengeParameters, challengeMetadata: created.challengeMetadata };
  return {
    ChallengeName: 'CUSTOM_CHALLENGE',
    ChallengeParameters: { ...created.publicChallengeParameters, USERNAME: state.userName },
    Session: seal(deps, client, sub, 'CUSTOM_CHALLENGE', next),
  };
}

function seal(deps: Deps, client: ClientRecord, sub: string, challenge: string, state: FlowState): string {
  const session = createChallengeSession(deps, client, sub, challenge, { [STATE_KEY]: state });
  // Cognito: a Session is at most a few kilobytes; private parameters too large to carry are Create's fault.
  if (session.length > 4096) throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  return session;
}

/** Tokens when Define says so. Cognito: MFA does not follow a sign-in without the password step. */
async function issueCustomAuthTokens(
  deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, state: FlowState, clientMetadata: ClientMetadata,
): Promise<AuthOutcome> {
  const current = (await deps.store.users.findBySub(user.sub)) ?? user;
  checkCustomAuthStatus(current);
  // Threat protection (CustomAuthMode): a flow that passed the password step was assessed there.
  if (!state.session.some((round) => round.challengeName === 'PASSWORD_VERIFIER')) await assessSignInWithoutMfa(deps, pool, client, current, 'CUSTOM');
  return signedIn(deps, pool, client, current, await knownDevice(deps, current, state.deviceKey), { clientMetadata });
}

/** Opens a custom-auth Session (unspent) and finds the user it names, who must be the one USERNAME names. */
async function openFlow(
  deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, challenge: string, responses: Parameters,
): Promise<{ opened: ChallengeState; state: FlowState; user: UserRecord | undefined }> {
  const login = requireParameter(responses, 'USERNAME');
  const opened = openChallengeSession(deps, client, session, challenge);
  const state = opened.data?.[STATE_KEY] as FlowState | undefined;
  if (!state) throw new NotAuthorizedException('Invalid session for the user.');
  await checkNotSpent(deps, opened);
  const user = state.known ? await deps.store.users.findBySub(opened.sub) : undefined;
  if (state.known && !user) throw new NotAuthorizedException('Invalid session for the user.');
  if (user) {
    const named = login === user.username ? user : await findUserByLogin(deps.store, pool, login);
    if (named?.sub !== user.sub) throw new NotAuthorizedException('Invalid session for the user.');
    checkSecretHash(deps, client, responses?.SECRET_HASH, [login, user.username]);
  } else {
    if (login !== state.login && login !== state.userName) throw new NotAuthorizedException('Invalid session for the user.');
    checkSecretHash(deps, client, responses?.SECRET_HASH, [login]);
  }
  return { opened, state, user };
}

/** RespondToAuthChallenge / AdminRespondToAuthChallenge with CUSTOM_CHALLENGE. */
export async function respondCustomChallenge(
  deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Parameters, clientMetadata?: Record<string, string>,
): Promise<AuthOutcome> {
  const { opened, state, user } = await openFlow(deps, pool, client, session, 'CUSTOM_CHALLENGE', responses);
  const answer = requireParameter(responses, 'ANSWER');
  const subject = subjectOf(pool, client, user, state, clientMetadata);
  const correct = await verifyAuthChallengeResponse(deps, pool, client, subject, state.privateChallengeParameters ?? {}, answer);
  // Spent only now: a function that failed leaves the Session usable; of two answers sent at once, one counts.
  await spendChallengeSession(deps, opened);
  const next: FlowState = {
    login: state.login, userName: state.userName, known: state.known,
    session: [...state.session, { challengeName: 'CUSTOM_CHALLENGE', challengeResult: correct, challengeMetadata: state.challengeMetadata ?? null }],
    ...(state.deviceKey && { deviceKey: state.deviceKey }),
  };
  return nextRound(deps, pool, client, user, next, clientMetadata);
}

/** Whether a PASSWORD_VERIFIER answer carries a CUSTOM_AUTH Session (USER_SRP_AUTH's comes without one). */
export function isCustomAuthSession(deps: Deps, client: ClientRecord, session: string | undefined): boolean {
  if (!session) return false;
  try {
    return openChallengeSession(deps, client, session, 'PASSWORD_VERIFIER').data?.[STATE_KEY] !== undefined;
  } catch {
    return false;
  }
}

/** PASSWORD_VERIFIER inside CUSTOM_AUTH: the SRP proof, then what is due, else Define with [SRP_A, PASSWORD_VERIFIER]. */
export async function respondCustomPasswordVerifier(
  deps: Deps, pool: PoolRecord, client: ClientRecord, session: string | undefined, responses: Parameters, clientMetadata?: Record<string, string>,
): Promise<AuthOutcome> {
  const { opened, state, user: sessionUser } = await openFlow(deps, pool, client, session, 'PASSWORD_VERIFIER', responses);
  await spendChallengeSession(deps, opened);
  const user = await checkPasswordClaim(deps, pool, client, responses, 'custom-srp');
  if (user.sub !== sessionUser?.sub) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  const next: FlowState = { ...state, session: [...state.session, { challengeName: 'PASSWORD_VERIFIER', challengeResult: true, challengeMetadata: null }] };
  if (responses?.DEVICE_KEY) next.deviceKey = responses.DEVICE_KEY;
  // No DEVICE_KEY here: a remembered device stands in for MFA, never for the pool's custom challenges
  // (the tokens are bound to it once Define issues them).
  return completeSignIn(deps, pool, client, user, {
    trigger: { clientMetadata },
    whenNothingIsDue: () => nextRound(deps, pool, client, user, next, clientMetadata),
  });
}
