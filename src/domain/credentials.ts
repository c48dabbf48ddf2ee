// What is stored when a password is set: its argon2id hash and, for USER_SRP_AUTH, the SRP salt
// and verifier (sealed with the key-encryption key). Every path that sets a password goes through
// here, so the two never drift.
import type { Deps } from '../deps.js';
import type { PoolRecord } from '../store/store.js';
import { createVerifier, parseHex, toHex, type Verifier } from '../crypto/srp.js';

export interface PasswordCredentials {
  passwordHash: string;
  srpSealed: string | null;
}

const VERIFIER_PURPOSE = 'srp-verifier';

/** SRP's pool name P: the part of the pool id after the first '_'. */
export const srpPoolName = (poolId: string): string => poolId.slice(poolId.indexOf('_') + 1);

/** The sealed SRP salt and verifier of `password` for the internal username `username`. */
export function sealedVerifier(deps: Deps, pool: PoolRecord, username: string, password: string): string {
  const { salt, verifier } = createVerifier(srpPoolName(pool.id), username, password);
  return deps.sealer.seal(JSON.stringify({ s: toHex(salt), v: toHex(verifier) }), VERIFIER_PURPOSE);
}

export function openVerifier(deps: Deps, sealed: string): Verifier | undefined {
  try {
    const { s, v } = JSON.parse(deps.sealer.open(sealed, VERIFIER_PURPOSE));
    const salt = parseHex(s);
    const verifier = parseHex(v);
    return salt && verifier ? { salt, verifier } : undefined;
  } catch {
    return undefined;
  }
}

/** `username` is the internal username (Cognito's USER_ID_FOR_SRP). */
export async function passwordCredentials(deps: Deps, pool: PoolRecord, username: string, password: string): Promise<PasswordCredentials> {
  return { passwordHash: await deps.passwords.hash(password, pool.id), srpSealed: sealedVerifier(deps, pool, username, password) };
}
