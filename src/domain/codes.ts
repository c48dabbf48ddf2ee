// One-time codes (sign-up confirmation, attribute verification, password reset): six digits,
// stored only as a SHA-256 keyed by the user and purpose, one live code per purpose, an expiry,
// and a bounded number of wrong attempts after which the code is dead.
import type { Deps } from './deps.js';
import type { CodeRecord, Store, UserRecord } from '../store/store.js';
import { CodeMismatchException, ExpiredCodeException, LimitExceededException, CODE_MISMATCH, CODE_EXPIRED, ATTEMPT_LIMIT } from '../cognito/errors.js';
import { newCode } from '../crypto/random.js';
import { createHmac, hkdfSync } from 'node:crypto';
import { constantTimeEqual } from '../crypto/digest.js';

export const CODE_TTL_MS = {
  signup: 24 * 3600_000,
  verify: 24 * 3600_000,
  forgot_password: 3600_000,
} as const;

const MAX_CODE_ATTEMPTS = 5;

// `binding` ties a code to a value (the address a verification code went to), so a code sent to
// an old address cannot verify a new one. Keyed (HMAC with a key derived from the key-encryption
// key): six digits under a plain hash are found by trying all million, so a copy of the database
// alone would give every live reset code.
const codeKeys = new WeakMap<Buffer, Buffer>();
function codeKey(deps: Deps): Buffer {
  const kek = deps.secrets.keyEncryptionKey;
  let key = codeKeys.get(kek);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', kek, Buffer.alloc(0), 'gatehouse one-time code hash v1', 32));
    codeKeys.set(kek, key);
  }
  return key;
}
const codeHash = (deps: Deps, user: UserRecord, purpose: string, code: string, binding = ''): string =>
  createHmac('sha256', codeKey(deps))
    .update(binding ? `${user.sub}:${purpose}:${binding}:${code}` : `${user.sub}:${purpose}:${code}`, 'utf8')
    .digest('hex');

export interface CodeOptions {
  /** The value the code is tied to (see codeHash). */
  binding?: string;
  /** Kept with the code and handed back by consumeCode (e.g. a pending attribute value). */
  payload?: string;
}

export async function issueCode(deps: Deps, user: UserRecord, purpose: string, ttlMs: number, options: CodeOptions = {}): Promise<string> {
  const code = newCode();
  const now = deps.clock.now();
  await deps.store.codes.put({
    poolId: user.poolId, sub: user.sub, purpose, codeHash: codeHash(deps, user, purpose, code, options.binding), attempts: 0,
    createdAt: now, expiresAt: now + ttlMs, payload: options.payload ?? null,
  });
  return code;
}

/**
 * Accepts the code once (returning what was stored with it); a wrong code counts an attempt; an
 * expired or exhausted code is refused. Every try, right or wrong, first takes one of the code's
 * attempts in a single store statement, and a right code is then taken by a conditional delete:
 * guesses sent in parallel cannot get more than MAX_CODE_ATTEMPTS compared, nor a code be used twice.
 */
export async function consumeCode(...args: Parameters<typeof checkCode>): Promise<CodeRecord> {
  const stored = await checkCode(...args);
  await takeCode(args[0].store, stored);
  return stored;
}

/**
 * consumeCode without the taking: the code is right (one attempt counted) and still live. For an
 * operation that must run something that may fail (a trigger) before the code is spent; it then
 * takes the code with takeCode, in the transaction that writes its outcome.
 */
export async function checkCode(
  deps: Deps,
  user: UserRecord,
  purpose: string,
  code: string,
  binding?: string,
  options: { hideMissing?: boolean } = {},
): Promise<CodeRecord> {
  const stored = await deps.store.codes.reserveAttempt(user.sub, purpose, MAX_CODE_ATTEMPTS, deps.clock.now());
  if (!stored) {
    const existing = await deps.store.codes.find(user.sub, purpose);
    // PreventUserExistenceErrors: a user without a code answers as a user who does not exist.
    if (!existing && options.hideMissing) throw new CodeMismatchException(CODE_MISMATCH);
    if (existing && existing.attempts >= MAX_CODE_ATTEMPTS) throw new LimitExceededException(ATTEMPT_LIMIT);
    throw new ExpiredCodeException(CODE_EXPIRED);
  }
  if (!constantTimeEqual(stored.codeHash, codeHash(deps, user, purpose, code, binding))) {
    if (stored.attempts >= MAX_CODE_ATTEMPTS) throw new LimitExceededException(ATTEMPT_LIMIT);
    throw new CodeMismatchException(CODE_MISMATCH);
  }
  return stored;
}

/** Spends a code checkCode accepted; one that was spent or replaced meanwhile is ExpiredCodeException. */
export async function takeCode(store: Store, stored: CodeRecord): Promise<void> {
  if (!(await store.codes.take(stored.sub, stored.purpose, stored.codeHash))) throw new ExpiredCodeException(CODE_EXPIRED);
}
