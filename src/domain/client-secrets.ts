// A client's secrets: the one it was created with and those added since for rotation (at most two
// active at once), sealed with the key-encryption key. Whoever checks a secret (SECRET_HASH, client
// authentication at /oauth2/token and /oauth2/revoke, GetClientToken) accepts any active one.
// - ClientSecretId is `<client id>--<epoch seconds of creation>`, as Cognito writes it;
// - a secret's value is shown once, when Gatehouse generated it; never when the caller chose it;
// - DescribeUserPoolClient shows only the secret the client was created with. Cognito: an added
//   secret is not promoted when that one is deleted, so the client then shows no ClientSecret.
import type { Deps } from './deps.js';
import type { AddedClientSecret, ClientRecord, Json } from '../store/store.js';
import { ConcurrentModificationException, InvalidParameterException, LimitExceededException, ResourceNotFoundException } from '../cognito/errors.js';
import { newClientSecret } from '../crypto/random.js';
import { constantTimeEqual, hmacSha256Base64 } from '../crypto/digest.js';
import { toEpochSeconds } from './pools.js';

export const SECRET_PURPOSE = 'client-secret';
export const MAX_CLIENT_SECRETS = 2;

export interface ActiveSecret {
  id: string;
  value: string;
  createdAt: number;
}

export const sealClientSecret = (deps: Deps, secret: string): string => deps.sealer.seal(secret, SECRET_PURPOSE);

const secretId = (clientId: string, createdAt: number): string => `${clientId}--${Math.floor(createdAt / 1000)}`;
const originalSecretId = (client: ClientRecord): string => secretId(client.id, client.createdAt);

export const hasClientSecret = (client: ClientRecord): boolean => client.secretSealed !== null || client.addedSecrets.length > 0;

/** Every active secret, oldest first. */
export function activeSecrets(deps: Deps, client: ClientRecord): ActiveSecret[] {
  const secrets: ActiveSecret[] = client.secretSealed === null ? [] : [{
    id: originalSecretId(client), value: deps.sealer.open(client.secretSealed, SECRET_PURPOSE), createdAt: client.createdAt,
  }];
  for (const added of client.addedSecrets) {
    secrets.push({ id: added.id, value: deps.sealer.open(added.sealed, SECRET_PURPOSE), createdAt: added.createdAt });
  }
  return secrets;
}

/** The secret DescribeUserPoolClient shows: the one the client was created with, while it lasts. */
export function describedSecret(deps: Deps, client: ClientRecord): string | undefined {
  return client.secretSealed === null ? undefined : deps.sealer.open(client.secretSealed, SECRET_PURPOSE);
}

/** A secret of the client (the oldest active one), for writing a client out in full; undefined for a public client. */
export function clientSecret(deps: Deps, client: ClientRecord): string | undefined {
  return activeSecrets(deps, client)[0]?.value;
}

/**
 * Whether `presented` is one of the client's active secrets. Every secret is compared, in constant
 * time, whichever matches: the time taken does not tell which one (or whether the first) matched.
 */
export function isClientSecret(deps: Deps, client: ClientRecord, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  let matched = false;
  for (const secret of activeSecrets(deps, client)) matched = constantTimeEqual(presented, secret.value) || matched;
  return matched;
}

/** Whether `secretHash` is the SECRET_HASH of one of `usernames` under any active secret (all compared). */
export function matchesSecretHash(deps: Deps, client: ClientRecord, secretHash: string, usernames: string[]): boolean {
  let matched = false;
  for (const secret of activeSecrets(deps, client)) {
    for (const name of usernames) matched = constantTimeEqual(hmacSha256Base64(secret.value, name + client.id), secretHash) || matched;
  }
  return matched;
}

/** Cognito: the secret's value is returned only when Cognito generated it. */
function descriptor(secret: ActiveSecret, showValue: boolean): Json {
  return {
    ClientSecretId: secret.id,
    ...(showValue && { ClientSecretValue: secret.value }),
    ClientSecretCreateDate: toEpochSeconds(secret.createdAt),
  };
}

export function listClientSecrets(deps: Deps, client: ClientRecord): Json[] {
  return activeSecrets(deps, client).map((secret) => descriptor(secret, false));
}

/** A ClientSecretId unlike the client's others: the creation second, moved on if a secret already took it. */
function freshSecretId(client: ClientRecord, existing: ActiveSecret[], now: number): string {
  const taken = new Set(existing.map((s) => s.id));
  let second = Math.floor(now / 1000);
  // Bounded: at most MAX_CLIENT_SECRETS ids are taken.
  while (taken.has(`${client.id}--${second}`)) second += 1;
  return `${client.id}--${second}`;
}

/** AddUserPoolClientSecret: `chosen` is the caller's value (its shape already checked), else one is generated. */
export async function addClientSecret(deps: Deps, client: ClientRecord, chosen: string | undefined): Promise<Json> {
  const existing = activeSecrets(deps, client);
  // Cognito: secrets are added to confidential clients only; a public client stays public.
  if (existing.length === 0) throw new InvalidParameterException(`Client ${client.id} has no client secret: secrets can be added only to a confidential app client.`);
  if (existing.length >= MAX_CLIENT_SECRETS) {
    throw new LimitExceededException(`Client ${client.id} already has ${MAX_CLIENT_SECRETS} client secrets; delete one before adding another.`);
  }
  const now = deps.clock.now();
  const value = chosen ?? newClientSecret();
  const added: AddedClientSecret = { id: freshSecretId(client, existing, now), sealed: sealClientSecret(deps, value), createdAt: now };
  const next = { secretSealed: client.secretSealed, addedSecrets: [...client.addedSecrets, added] };
  if (!await deps.store.clients.replaceSecrets(client.id, client, next, now)) throw concurrentChange();
  return descriptor({ id: added.id, value, createdAt: now }, chosen === undefined);
}

/** DeleteUserPoolClientSecret. Cognito: the last active secret cannot be deleted. */
export async function deleteClientSecret(deps: Deps, client: ClientRecord, id: string): Promise<void> {
  const existing = activeSecrets(deps, client);
  if (!existing.some((s) => s.id === id)) throw new ResourceNotFoundException(`Client secret ${id} does not exist for client ${client.id}.`);
  if (existing.length === 1) throw new InvalidParameterException(`Client secret ${id} is the last secret of client ${client.id} and cannot be deleted.`);
  const next = {
    secretSealed: client.secretSealed !== null && originalSecretId(client) === id ? null : client.secretSealed,
    addedSecrets: client.addedSecrets.filter((s) => s.id !== id),
  };
  if (!await deps.store.clients.replaceSecrets(client.id, client, next, deps.clock.now())) throw concurrentChange();
}

// Another request changed the client's secrets between our read and our write: the caller retries
// against the new state rather than have the two changes overrun the limit or undo each other.
const concurrentChange = () => new ConcurrentModificationException('The client secrets were changed by another request; try again.');
