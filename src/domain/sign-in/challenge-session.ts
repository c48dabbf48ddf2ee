// The Session string of a challenge: sealed (so clients can neither read nor forge it), bound to
// pool, client, user and challenge, short-lived (the client's AuthSessionValidity), single use.
import type { Deps } from '../deps.js';
import type { ClientRecord } from '../../store/store.js';
import { NotAuthorizedException, InvalidParameterException } from '../../cognito/errors.js';
import { newUuid } from '../../crypto/random.js';
import { useOnce } from '../single-use.js';

const PURPOSE = 'challenge-session';

export interface ChallengeState {
  id: string;
  poolId: string;
  clientId: string;
  sub: string;
  challenge: string;
  expiresAt: number;
  /** Challenge-specific data (e.g. which MFA code was sent). */
  data?: Record<string, unknown>;
}

export function createChallengeSession(deps: Deps, client: ClientRecord, sub: string, challenge: string, data?: Record<string, unknown>): string {
  const minutes: number = client.config.AuthSessionValidity ?? 3;
  const state: ChallengeState = {
    id: newUuid(), poolId: client.poolId, clientId: client.id, sub, challenge,
    expiresAt: deps.clock.now() + minutes * 60_000, ...(data && { data }),
  };
  return deps.sealer.seal(JSON.stringify(state), PURPOSE);
}

/**
 * Opens the session without spending it (a wrong MFA code may be retried with the same Session,
 * as Cognito allows; each wrong code counts toward the lockout). `client` is absent for the
 * operations that carry no ClientId (AssociateSoftwareToken, VerifySoftwareToken).
 */
export function openChallengeSession(deps: Deps, client: ClientRecord | undefined, session: string | undefined, challenge: string): ChallengeState {
  if (!session) throw new InvalidParameterException('Missing required parameter Session');
  let state: ChallengeState;
  try {
    state = JSON.parse(deps.sealer.open(session, PURPOSE));
  } catch {
    throw new NotAuthorizedException('Invalid session for the user.');
  }
  if (client && state.clientId !== client.id) throw new NotAuthorizedException('Invalid session for the user.');
  if (state.challenge !== challenge) throw new InvalidParameterException(`Invalid challenge name ${challenge} for this session.`);
  if (state.expiresAt <= deps.clock.now()) throw new NotAuthorizedException('Invalid session for the user, session is expired.');
  return state;
}

/** The user a session belongs to (opening it without spending it). */
export function sessionSub(deps: Deps, client: ClientRecord, session: string, challenge: string): string {
  return openChallengeSession(deps, client, session, challenge).sub;
}

/** Refuses a session already spent, before any code is checked against it. */
export async function checkNotSpent(deps: Deps, state: ChallengeState): Promise<void> {
  if (await deps.store.consumed.isConsumed(`session:${state.id}`)) throw new NotAuthorizedException('Invalid session for the user.');
}

/** Marks an opened session used: the second use of a Session is refused. */
export async function spendChallengeSession(deps: Deps, state: ChallengeState): Promise<void> {
  if (!(await useOnce(deps, `session:${state.id}`, state.expiresAt))) {
    throw new NotAuthorizedException('Invalid session for the user.');
  }
}

/** Opens and consumes the session; any mismatch, expiry or replay is refused as Cognito refuses it. */
export async function consumeChallengeSession(deps: Deps, client: ClientRecord, session: string | undefined, challenge: string): Promise<ChallengeState> {
  const state = openChallengeSession(deps, client, session, challenge);
  await spendChallengeSession(deps, state);
  return state;
}
