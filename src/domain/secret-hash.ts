// SECRET_HASH = Base64(HMAC-SHA256(key = client secret, message = username + clientId)).
// Required on every client-authenticated call when the app client has a secret; any of the
// client's active secrets (two during a rotation) makes a valid hash.
import type { Deps } from './deps.js';
import type { ClientRecord } from '../store/store.js';
import { NotAuthorizedException } from '../cognito/errors.js';
import { hasClientSecret, matchesSecretHash } from './client-secrets.js';

/** Checks the hash against each of `usernames` (the caller's spelling, the internal name, the sub). */
export function checkSecretHash(deps: Deps, client: ClientRecord, secretHash: string | undefined, usernames: string[]): void {
  if (!hasClientSecret(client)) return;
  if (!secretHash) throw new NotAuthorizedException(`Client ${client.id} is configured for secret but secret was not received`);
  if (!matchesSecretHash(deps, client, secretHash, usernames)) throw new NotAuthorizedException(`Unable to verify secret hash for client ${client.id}`);
}
