// The three custom-authentication triggers: DefineAuthChallenge (what comes next), CreateAuthChallenge
// (a CUSTOM_CHALLENGE's public and private parameters) and VerifyAuthChallengeResponse (is the
// answer right). Their events and the reading of their answers; the flow is sign-in/custom-auth.ts.
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord } from '../../store/store.js';
import { InvalidLambdaResponseException, InvalidParameterException } from '../../cognito/errors.js';
import { booleanMember, hasTrigger, runTrigger, stringMapMember, stringMember } from './run.js';

/** One entry of the `session` array: a challenge presented and how it ended. */
export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  /** CreateAuthChallenge's challengeMetadata; null for the built-in challenges (SRP_A, PASSWORD_VERIFIER). */
  challengeMetadata: string | null;
}

/** Who the flow is about, as the three triggers see it. */
export interface ChallengeSubject {
  /** The real username; for an unknown user (PreventUserExistenceErrors=ENABLED), the name as typed. */
  userName: string;
  userAttributes: Record<string, string>;
  /** Set only when the client hides unknown users: Cognito sends the member only then. */
  userNotFound?: boolean;
  /** RespondToAuthChallenge's ClientMetadata (InitiateAuth's is not given to these triggers). */
  clientMetadata?: Record<string, string>;
}

export type DefineDecision =
  | { kind: 'fail' }
  | { kind: 'issueTokens' }
  | { kind: 'challenge'; challengeName: string };

export interface CreatedChallenge {
  publicChallengeParameters: Record<string, string>;
  privateChallengeParameters: Record<string, string>;
  challengeMetadata: string | null;
}

type ChallengeTrigger = 'DefineAuthChallenge' | 'CreateAuthChallenge' | 'VerifyAuthChallengeResponse';

/**
 * Cognito: a CUSTOM_AUTH sign-in against a pool without the custom-auth functions is refused with
 * InvalidParameterException "Custom auth lambda trigger is not configured for the user pool."
 * (what apps see on Cognito when DefineAuthChallenge is missing); Gatehouse answers the same when
 * Create or Verify is missing at the moment it is needed.
 */
export function requireCustomAuthTrigger(pool: PoolRecord, trigger: ChallengeTrigger = 'DefineAuthChallenge'): void {
  if (!hasTrigger(pool, trigger)) {
    throw new InvalidParameterException('Custom auth lambda trigger is not configured for the user pool.');
  }
}

/** Runs one of the three with Cognito's request: userAttributes, the trigger's own members, clientMetadata, userNotFound. */
async function runChallengeTrigger(
  deps: Deps, pool: PoolRecord, client: ClientRecord, trigger: ChallengeTrigger, subject: ChallengeSubject,
  own: Record<string, unknown>, response: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  requireCustomAuthTrigger(pool, trigger);
  return runTrigger(deps, pool, trigger, {
    triggerSource: `${trigger}_Authentication`,
    userName: subject.userName,
    clientId: client.id,
    request: {
      userAttributes: { ...subject.userAttributes },
      ...own,
      ...(subject.clientMetadata && { clientMetadata: subject.clientMetadata }),
      ...(subject.userNotFound !== undefined && { userNotFound: subject.userNotFound }),
    },
    response,
  });
}

/** DefineAuthChallenge_Authentication: the session so far; answers fail, tokens or the next challenge. */
export async function defineAuthChallenge(
  deps: Deps, pool: PoolRecord, client: ClientRecord, subject: ChallengeSubject, session: ChallengeResult[],
): Promise<DefineDecision> {
  const response = await runChallengeTrigger(deps, pool, client, 'DefineAuthChallenge', subject,
    { session: session.map((entry) => ({ ...entry })) },
    { challengeName: null, issueTokens: null, failAuthentication: null });
  // failAuthentication wins over issueTokens: a function that says both has not let the user in.
  if (booleanMember(response, 'failAuthentication')) return { kind: 'fail' };
  if (booleanMember(response, 'issueTokens')) return { kind: 'issueTokens' };
  const challengeName = stringMember(response, 'challengeName');
  if (!challengeName) throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  return { kind: 'challenge', challengeName };
}

/** CreateAuthChallenge_Authentication for the challenge Define named. */
export async function createAuthChallenge(
  deps: Deps, pool: PoolRecord, client: ClientRecord, subject: ChallengeSubject, challengeName: string, session: ChallengeResult[],
): Promise<CreatedChallenge> {
  const response = await runChallengeTrigger(deps, pool, client, 'CreateAuthChallenge', subject,
    { challengeName, session: session.map((entry) => ({ ...entry })) },
    { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null });
  return {
    publicChallengeParameters: stringMapMember(response, 'publicChallengeParameters') ?? {},
    privateChallengeParameters: stringMapMember(response, 'privateChallengeParameters') ?? {},
    challengeMetadata: stringMember(response, 'challengeMetadata') ?? null,
  };
}

/** VerifyAuthChallengeResponse_Authentication: the user's ANSWER against Create's private parameters. */
export async function verifyAuthChallengeResponse(
  deps: Deps, pool: PoolRecord, client: ClientRecord, subject: ChallengeSubject, privateChallengeParameters: Record<string, string>, challengeAnswer: string,
): Promise<boolean> {
  const response = await runChallengeTrigger(deps, pool, client, 'VerifyAuthChallengeResponse', subject,
    { privateChallengeParameters: { ...privateChallengeParameters }, challengeAnswer },
    { answerCorrect: null });
  return booleanMember(response, 'answerCorrect') ?? false;
}
