// USER_SRP_AUTH: InitiateAuth answers PASSWORD_VERIFIER; RespondToAuthChallenge checks the
// client's PASSWORD_CLAIM_SIGNATURE (cognito-compat.md §8).
// - The server computes the session key K at InitiateAuth (it knows A, v, b and u then) and keeps
//   it only inside SECRET_BLOCK, sealed with the key-encryption key and bound to pool, client and
//   user; so no Session and no server state is needed, and the answer costs one HMAC.
// - SECRET_BLOCK is single use, valid 5 minutes; TIMESTAMP must parse strictly and lie within
//   5 minutes of the server's clock.
// - Unknown users (PreventUserExistenceErrors=ENABLED) and users without a verifier yet get a
//   challenge made with the same work (deterministic salt per login, a decoy verifier) that then
//   fails like a wrong password.
// - A wrong signature counts toward the lockout, as a wrong password does.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Deps } from './deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../store/store.js';
import { InvalidParameterException, NotAuthorizedException, INCORRECT_CREDENTIALS } from '../cognito/errors.js';
import { constantTimeEqual } from '../crypto/digest.js';
import { checkClientPublic, claimSignature, createVerifier, parseHex, parseTimestamp, serverEphemeral, serverSessionKey, toHex } from '../crypto/srp.js';
import { findUserByLogin, usernameKey } from './users.js';
import { checkSecretHash } from './secret-hash.js';
import { openVerifier, srpPoolName } from './credentials.js';
import { checkNotLocked, completeSignIn, hidesUsers, recordFailedSignIn, recordSuccessfulSignIn, requireParameter, unknownUserError, type AuthOutcome } from './auth.js';
import { useOnce } from './single-use.js';

const BLOCK_PURPOSE = 'srp-secret-block';
const BLOCK_TTL_MS = 5 * 60_000;
const TIMESTAMP_SKEW_MS = 5 * 60_000;

interface SecretBlock {
  id: string;
  poolId: string;
  clientId: string;
  /** null: a decoy challenge that can only fail. */
  sub: string | null;
  userId: string;
  /** K, base64. */
  key: string;
  expiresAt: number;
}

// A verifier for a password nobody knows: decoy challenges cost what real ones cost.
const DECOY = createVerifier('decoy', 'decoy', randomBytes(32).toString('base64'));

function decoyFor(deps: Deps, pool: PoolRecord, login: string): { salt: Buffer; userId: string } {
  const digest = createHmac('sha256', deps.secrets.keyEncryptionKey).update(`srp-decoy:${pool.id}:${usernameKey(pool, login)}`).digest();
  const salt = parseHex(digest.subarray(0, 16).toString('hex'))!;
  // Attribute-username pools answer the internal username, a UUID: make the decoy one look alike.
  if (!(pool.config.UsernameAttributes ?? []).length) return { salt, userId: login };
  const hex = digest.subarray(16, 32).toString('hex');
  const userId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[parseInt(hex[16], 16) % 4]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  return { salt, userId };
}

/** InitiateAuth / AdminInitiateAuth with USER_SRP_AUTH. */
export async function srpSignIn(deps: Deps, pool: PoolRecord, client: ClientRecord, parameters: Record<string, string> | undefined): Promise<AuthOutcome> {
  const login = requireParameter(parameters, 'USERNAME');
  const parsed = parseHex(requireParameter(parameters, 'SRP_A'));
  const A = parsed && checkClientPublic(parsed);
  if (!A) throw new InvalidParameterException('Invalid value for SRP_A.');
  const user = await findUserByLogin(deps.store, pool, login);
  checkSecretHash(deps, client, parameters?.SECRET_HASH, user ? [login, user.username] : [login]);
  if (!user && !hidesUsers(client)) throw unknownUserError(client);

  const stored = user?.srpSealed ? openVerifier(deps, user.srpSealed) : undefined;
  const decoy = stored ? undefined : decoyFor(deps, pool, login);
  const salt = stored?.salt ?? decoy!.salt;
  const userId = user?.username ?? decoy!.userId;
  const verifier = stored?.verifier ?? DECOY.verifier;
  const { b, B } = serverEphemeral(verifier);
  const key = serverSessionKey(A, B, b, verifier);
  const block: SecretBlock = {
    id: randomUUID(), poolId: pool.id, clientId: client.id, sub: stored && key ? user!.sub : null, userId,
    key: (key ?? randomBytes(16)).toString('base64'), expiresAt: deps.clock.now() + BLOCK_TTL_MS,
  };
  const secretBlock = Buffer.from(deps.sealer.seal(JSON.stringify(block), BLOCK_PURPOSE), 'utf8').toString('base64');
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: { SALT: toHex(salt), SRP_B: toHex(B), SECRET_BLOCK: secretBlock, USERNAME: userId, USER_ID_FOR_SRP: userId },
  };
}

function openBlock(deps: Deps, bytes: Buffer): SecretBlock | undefined {
  try {
    return JSON.parse(deps.sealer.open(bytes.toString('utf8'), BLOCK_PURPOSE));
  } catch {
    return undefined;
  }
}

/** RespondToAuthChallenge PASSWORD_VERIFIER. */
export async function respondPasswordVerifier(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord,
  _session: string | undefined,
  responses: Record<string, string> | undefined,
): Promise<AuthOutcome> {
  const login = requireParameter(responses, 'USERNAME');
  const blockBytes = Buffer.from(requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK'), 'base64');
  const signature = requireParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestampText = requireParameter(responses, 'TIMESTAMP');
  const block = openBlock(deps, blockBytes);
  if (!block || block.poolId !== pool.id || block.clientId !== client.id) throw new NotAuthorizedException('Invalid session for the user.');
  if (block.expiresAt <= deps.clock.now()) throw new NotAuthorizedException('Invalid session for the user, session is expired.');
  const timestamp = parseTimestamp(timestampText);
  if (timestamp === undefined) throw new InvalidParameterException('TIMESTAMP must be formatted as EEE MMM d HH:mm:ss UTC yyyy.');

  const user: UserRecord | undefined = block.sub ? await deps.store.users.findBySub(block.sub) : undefined;
  // USERNAME must name the challenged user. Clients send USER_ID_FOR_SRP, the user's own username:
  // that needs no second lookup; an alias or differently cased name is resolved as at sign-in.
  const named = user && login === user.username ? user : await findUserByLogin(deps.store, pool, login);
  if (block.sub && (!user || named?.sub !== user.sub)) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  // Clients hash over USER_ID_FOR_SRP here; accept the name as typed too.
  checkSecretHash(deps, client, responses?.SECRET_HASH, [login, block.userId]);
  if (user) checkNotLocked(deps, user);
  if (!(await useOnce(deps, `srp-block:${block.id}`, block.expiresAt))) throw new NotAuthorizedException('Invalid session for the user.');

  const expected = claimSignature(Buffer.from(block.key, 'base64'), srpPoolName(pool.id), block.userId, blockBytes, timestampText);
  const signed = constantTimeEqual(expected, signature);
  if (!user) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  if (!signed) {
    await recordFailedSignIn(deps, user);
    throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  }
  // A proof signed too far from our clock is refused (after the signature, so it reveals nothing).
  if (Math.abs(deps.clock.now() - timestamp) > TIMESTAMP_SKEW_MS) throw new NotAuthorizedException(INCORRECT_CREDENTIALS);
  await recordSuccessfulSignIn(deps, user);
  return completeSignIn(deps, pool, client, user, { deviceKey: responses?.DEVICE_KEY });
}
