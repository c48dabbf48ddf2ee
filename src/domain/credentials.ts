// What is stored when a password is set: its argon2id hash and, for USER_SRP_AUTH, the SRP
// verifier (sealed). Every path that sets a password goes through here, so the two never drift.
import type { Deps } from '../deps.js';
import type { PoolRecord } from '../store/store.js';

export interface PasswordCredentials {
  passwordHash: string;
  srpSealed: string | null;
}

/** `username` is the internal username (Cognito's USER_ID_FOR_SRP). */
export async function passwordCredentials(deps: Deps, _pool: PoolRecord, _username: string, password: string): Promise<PasswordCredentials> {
  // TODO(srp): compute and seal the SRP verifier here when USER_SRP_AUTH lands (issue 5); until
  // then no verifier is stored and any older one is dropped with the old password.
  return { passwordHash: await deps.passwords.hash(password), srpSealed: null };
}
