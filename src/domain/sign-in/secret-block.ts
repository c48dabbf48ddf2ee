// The SECRET_BLOCK of the SRP challenges: PASSWORD_VERIFIER (a user's password) and
// DEVICE_PASSWORD_VERIFIER (a remembered device's secret).
// - The server computes the session key K when it answers SRP_A (it knows A, v, b and u then) and
//   keeps it only inside the block, sealed with the key-encryption key and bound to pool and client;
//   so no Session and no server state is needed, and checking the claim costs one HMAC.
// - A block is single use and valid 5 minutes; TIMESTAMP must parse strictly and lie within
//   5 minutes of the server's clock.
import type { Deps } from '../deps.js';
import type { ClientRecord, PoolRecord } from '../../store/store.js';
import { InvalidParameterException, NotAuthorizedException } from '../../cognito/errors.js';
import { constantTimeEqual } from '../../crypto/digest.js';
import { newUuid } from '../../crypto/random.js';
import { claimSignature, parseTimestamp, serverEphemeral, serverSessionKey } from '../../crypto/srp.js';
import { useOnce } from '../single-use.js';
import { requireParameter } from './parameters.js';

/** Each kind is sealed under its own purpose: a block of one kind never opens as the other. */
export type SecretBlockKind = 'srp' | 'custom-srp' | 'device';
// CUSTOM_AUTH's SRP step has its own kind: its proof must not end a sign-in as USER_SRP_AUTH's does.
const PURPOSE: Record<SecretBlockKind, string> = { srp: 'srp-secret-block', 'custom-srp': 'custom-srp-secret-block', device: 'device-secret-block' };
const BLOCK_TTL_MS = 5 * 60_000;
const TIMESTAMP_SKEW_MS = 5 * 60_000;

export interface SecretBlockContent {
  poolId: string;
  clientId: string;
  /** K, base64. */
  key: string;
}

export type SecretBlock<T extends SecretBlockContent> = T & { id: string; expiresAt: number };

/** The server's answer to SRP_A for `verifier`: B, and K (undefined when A makes it degenerate). */
export function answerSrpA(A: Buffer, verifier: Buffer): { B: Buffer; key: Buffer | undefined } {
  const { b, B } = serverEphemeral(verifier);
  return { B, key: serverSessionKey(A, B, b, verifier) };
}

/** The SECRET_BLOCK challenge parameter holding `content`. */
export function sealSecretBlock<T extends SecretBlockContent>(deps: Deps, kind: SecretBlockKind, content: T): string {
  const block: SecretBlock<T> = { ...content, id: newUuid(), expiresAt: deps.clock.now() + BLOCK_TTL_MS };
  return Buffer.from(deps.sealer.seal(JSON.stringify(block), PURPOSE[kind]), 'utf8').toString('base64');
}

/** The block a claim sends back, refused as Cognito refuses it when forged, of another client or expired. */
function openSecretBlock<T extends SecretBlockContent>(deps: Deps, kind: SecretBlockKind, blockBytes: Buffer, pool: PoolRecord, client: ClientRecord): SecretBlock<T> {
  let block: SecretBlock<T>;
  try {
    block = JSON.parse(deps.sealer.open(blockBytes.toString('utf8'), PURPOSE[kind]));
  } catch {
    throw new NotAuthorizedException('Invalid session for the user.');
  }
  if (block.poolId !== pool.id || block.clientId !== client.id) throw new NotAuthorizedException('Invalid session for the user.');
  if (block.expiresAt <= deps.clock.now()) throw new NotAuthorizedException('Invalid session for the user, session is expired.');
  return block;
}

/** The claim's TIMESTAMP, in epoch ms. */
function parseClaimTimestamp(text: string): number {
  const timestamp = parseTimestamp(text);
  if (timestamp === undefined) throw new InvalidParameterException('TIMESTAMP must be formatted as EEE MMM d HH:mm:ss UTC yyyy.');
  return timestamp;
}

/** Marks the block used; false when it already was. */
export const spendSecretBlock = (deps: Deps, kind: SecretBlockKind, block: SecretBlock<SecretBlockContent>): Promise<boolean> =>
  useOnce(deps, `${kind}-block:${block.id}`, block.expiresAt);

/** Whether PASSWORD_CLAIM_SIGNATURE is the HMAC under the block's K (compared in constant time). */
export function claimMatches(
  block: SecretBlockContent, realm: string, userId: string, blockBytes: Buffer, timestampText: string, signature: string,
): boolean {
  return constantTimeEqual(claimSignature(Buffer.from(block.key, 'base64'), realm, userId, blockBytes, timestampText), signature);
}

export const withinSkew = (deps: Deps, timestamp: number): boolean => Math.abs(deps.clock.now() - timestamp) <= TIMESTAMP_SKEW_MS;

/** A client's answer to an SRP challenge: USERNAME, the SECRET_BLOCK sent back (opened), its signature and TIMESTAMP. */
export interface PasswordClaim<T extends SecretBlockContent> {
  login: string;
  block: SecretBlock<T>;
  blockBytes: Buffer;
  signature: string;
  timestampText: string;
  timestamp: number;
}

export function readPasswordClaim<T extends SecretBlockContent>(
  deps: Deps, kind: SecretBlockKind, responses: Record<string, string> | undefined, pool: PoolRecord, client: ClientRecord,
): PasswordClaim<T> {
  const login = requireParameter(responses, 'USERNAME');
  const blockBytes = Buffer.from(requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK'), 'base64');
  const signature = requireParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestampText = requireParameter(responses, 'TIMESTAMP');
  const block = openSecretBlock<T>(deps, kind, blockBytes, pool, client);
  return { login, block, blockBytes, signature, timestampText, timestamp: parseClaimTimestamp(timestampText) };
}
