// USER_SRP_AUTH: InitiateAuth answers PASSWORD_VERIFIER; RespondToAuthChallenge checks the
// client's PASSWORD_CLAIM_SIGNATURE against the SECRET_BLOCK (secret-block.ts).
// - Unknown users (PreventUserExistenceErrors=ENABLED) and users without a verifier yet get a
//   challenge made with the same work (deterministic salt per login, a decoy verifier) that then
//   fails like a wrong password.
// - A wrong signature counts toward the lockout, as a wrong password does.
// - PreAuthentication runs at InitiateAuth, once the user is known (or, for clients that hide
//   users, for any name). UserMigration cannot: SRP never shows the server the password.
// - A user imported without a password (RESET_REQUIRED) is told to reset it, unless the client
//   hides users; one imported with a hash has no verifier until a password sign-in: a decoy.
import { createHmac, randomBytes } from 'node:crypto';
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { InvalidParameterException, NotAuthorizedException, PasswordResetRequiredException, INCORRECT_CREDENTIALS } from '../../cognito/errors.js';
import { checkClientPublic, createVerifier, parseHex, toHex } from '../../crypto/srp.js';
import { findUserByLogin, usernameKey } from '../users.js';
import { checkSecretHash } from '../secret-hash.js';
import { openVerifier, srpPoolName } from '../credentials.js';
import { checkNotFederated, hidesUsers, requireParameter, unknownUserError } from './parameters.js';
import { checkNotLocked, recordFailedSignIn, recordSuccessfulSignIn } from './lockout.js';
import { recordFailedSignInEvent } from '../risk/sign-in-risk.js';
import { answerSrpA, claimMatches, readPasswordClaim, sealSecretBlock, spendSecretBlock, withinSkew, type SecretBlockKind } from './secret-block.js';
import { completeSignIn } from './next-step.js';
import type { AuthOutcome } from './outcome.js';
import { preAuthentication } from '../triggers/authentication.js';
import type { TriggerContext } from '../triggers/run.js';

interface SrpBlock {
  poolId: string;
  clientId: string;
  /** null: a decoy challenge that can only fail. */
  sub: string | null;
  userId: string;
  key: string;
}

// A verifier for a password nobody knows: decoy challenges cost what real ones cost.
const DECOY = createVerifier('decoy', 'decoy', randomBytes(32).toString('base64'));

export function decoyFor(deps: Deps, pool: PoolRecord, login: string): { salt: Buffer; userId: string } {
  const digest = createHmac('sha256', deps.secrets.keyEncryptionKey).update(`srp-decoy:${pool.id}:${usernameKey(pool, login)}`).digest();
  const salt = parseHex(digest.subarray(0, 16).toString('hex'))!;
  // Attribute-username pools answer the internal username, a UUID: make the decoy one look alike.
  if (!(pool.config.UsernameAttributes ?? []).length) return { salt, userId: login };
  const hex = digest.subarray(16, 32).toString('hex');
  const userId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16], 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return { salt, userId };
}

type SrpKind = Extract<SecretBlockKind, 'srp' | 'custom-srp'>;

/**
 * InitiateAuth / AdminInitiateAuth with USER_SRP_AUTH (and CUSTOM_AUTH's SRP step, kind 'custom-srp');
 * `context`: InitiateAuth's ClientMetadata for PreAuthentication.
 */
export async function srpSignIn(
  deps: Deps, pool: PoolRecord, client: ClientRecord, parameters: Record<string, string> | undefined, context: TriggerContext = {}, kind: SrpKind = 'srp',
): Promise<AuthOutcome> {
  const login = requireParameter(parameters, 'USERNAME');
  const parsed = parseHex(requireParameter(parameters, 'SRP_A'));
  const A = parsed && checkClientPublic(parsed);
  if (!A) throw new InvalidParameterException('Invalid value for SRP_A.');
  const user = await findUserByLogin(deps.store, pool, login);
  checkSecretHash(deps, client, parameters?.SECRET_HASH, user ? [login, user.username] : [login]);
  if (!user && !hidesUsers(client)) throw unknownUserError(client);
  checkNotFederated(client, user);
  // Cognito: CUSTOM_AUTH does not run PreAuthentication, its SRP step included.
  if (kind === 'srp') await preAuthentication(deps, pool, client, login, user, context);
  if (user && !user.passwordHash && user.status === 'RESET_REQUIRED' && !hidesUsers(client)) {
    throw new PasswordResetRequiredException('Password reset required for the user');
  }

  const stored = user?.srpSealed ? openVerifier(deps, user.srpSealed) : undefined;
  const decoy = stored ? undefined : decoyFor(deps, pool, login);
  const salt = stored?.salt ?? decoy!.salt;
  const userId = user?.username ?? decoy!.userId;
  const verifier = stored?.verifier ?? DECOY.verifier;
  const { B, key } = answerSrpA(A, verifier);
  const secretBlock = sealSecretBlock<SrpBlock>(deps, kind, {
    poolId: pool.id, clientId: client.id, sub: stored && key ? user!.sub : null, userId, key: (key ?? randomBytes(16)).toString('base64'),
  });
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: { SALT: toHex(salt), SRP_B: toHex(B), SECRET_BLOCK: secretBlock, USERNAME: userId, USER_ID_FOR_SRP: userId },
  };
}

/** RespondToAuthChallenge PASSWORD_VERIFIER. */
export async function respondPasswordVerifier(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  _session: string | undefined,
  responses: Record<string, string> | undefined,
  clientMetadata?: Record<string, string>,
): Promise<AuthOutcome> {
  const user = await checkPasswordClaim(deps, pool, client, responses);
  return completeSignIn(deps, pool, client, user, { deviceKey: responses?.DEVICE_KEY, trigger: { clientMetadata } });
}

/** PASSWORD_VERIFIER's proof checked (USER_SRP_AUTH, and CUSTOM_AUTH's SRP step): the user it proves. */
export async function checkPasswordClaim(
  deps: Deps, pool: PoolRecord, client: ClientRecord, responses: Record<string, string> | undefined, kind: SrpKind = 'srp',
): Promise<UserRecord> {
  const { login, block, blockBytes, signature, timestampText, timestamp } = readPasswordClaim<SrpBlock>(deps, kind, responses, pool, client);

  const user: UserRecord | undefined = block.sub ? await deps.store.users.findBySub(block.sub) : undefined;
  // USERNAME must name the challenged user. Clients send USER_ID_FOR_SRP, the user's own username:
  // that needs no second lookup; an alias or differently cased name is resolved as at sign-in.
  const named = user && login === user.username ? user : await findUserByLogin(deps.store, pool, login);
  if (block.sub && (!user || named?.sub !== user.sub)) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  // Clients hash over USER_ID_FOR_SRP here; accept the name as typed too.
  checkSecretHash(deps, client, responses?.SECRET_HASH, [login, block.userId]);
  if (user) checkNotLocked(deps, user);
  if (!(await spendSecretBlock(deps, kind, block))) throw new NotAuthorizedException('Invalid session for the user.');

  const signed = claimMatches(block, srpPoolName(pool.id), block.userId, blockBytes, timestampText, signature);
  if (!user) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  if (!signed) {
    await recordFailedSignIn(deps, user);
    await recordFailedSignInEvent(deps, pool, client, user);
    throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  }
  // A proof signed too far from our clock is refused (after the signature, so it reveals nothing).
  if (!withinSkew(deps, timestamp)) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  await recordSuccessfulSignIn(deps, user);
  return user;
}
