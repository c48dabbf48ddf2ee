// A user's passkeys as an operator sees them. Cognito has no admin operation for passkeys (the
// passkey operations take the user's own access token), so the admin console reaches them here.
import type { Deps } from '../deps.js';
import type { WebAuthnCredentialRecord } from '../../store/store.js';
import { requirePool } from '../pools.js';
import { requireUser } from '../users.js';
import { deleteCredential } from './registration.js';

/** Page size when reading a user's credentials; the number of pages is bounded as well. */
const PAGE = 100;
const MAX_PAGES = 20;

/** Every passkey of the user `username` (any of their sign-in names) in pool `poolId`, oldest first. */
export async function listUserPasskeys(deps: Deps, poolId: string, username: string): Promise<WebAuthnCredentialRecord[]> {
  const user = await requireUser(deps.store, await requirePool(deps.store, poolId), username);
  const credentials: WebAuthnCredentialRecord[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const found = await deps.store.webAuthnCredentials.listForUser(user.sub, PAGE, after);
    credentials.push(...found.items);
    if (!found.next) break;
    after = found.next;
  }
  return credentials;
}

/** Deletes one passkey of that user; ResourceNotFoundException when the user has no such credential. */
export async function deleteUserPasskey(deps: Deps, poolId: string, username: string, credentialId: string): Promise<void> {
  const user = await requireUser(deps.store, await requirePool(deps.store, poolId), username);
  await deleteCredential(deps, user, credentialId);
}
