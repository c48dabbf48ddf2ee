// SECRET_HASH = Base64(HMAC-SHA256(key = client secret, message = username + clientId)).
// Required on every client-authenticated call when the app client has a secret.
import type { Deps } from './deps.js';
import type { ClientRecord } from '../store/store.js';
import { NotAuthorizedException } from '../cognito/errors.js';
import { constantTimeEqual, hmacSha256Base64 } from '../crypto/digest.js';
import { clientSecret } from './clients.js';

/** Checks the hash against each of `usernames` (the caller's spelling, the internal name, the sub). */
export function checkSecretHash(deps: Deps, client: ClientRecord, secretHash: string | undefined, usernames: string[]): void {
  const secret = clientSecret(deps, client);
  if (secret === undefined) return;
  if (!secretHash) throw new NotAuthorizedException(`Client ${client.id} is configured for secret but secret was not received`);
  const ok = usernames.some((name) => constantTimeEqual(hmacSha256Base64(secret, name + client.id), secretHash));
  if (!ok) throw new NotAuthorizedException(`Unable to verify secret hash for client ${client.id}`);
}
