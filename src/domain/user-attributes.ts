// A signed-in user's own attributes: update, delete, and verification of email / phone_number.
// - Writes are limited to the client's WriteAttributes and to mutable schema attributes; the
//   verified flags are never self-written.
// - A changed email / phone_number becomes unverified; when the pool auto-verifies it, a
//   'verify:<attribute>' code is sent. Codes are bound to the address they went to, so a code for
//   an old address cannot verify a new one.
// - Aliases follow the attributes (AliasExistsException when another user holds the value).
// - UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate (for auto-verified
//   attributes whose current value is verified): the old value stays in force, verified and
//   signing in; the new value waits in the code's payload, gets the code, and replaces the old one
//   only when VerifyUserAttribute confirms it. An expired code drops the pending change.
import type { Deps } from './deps.js';
import type { ClientRecord, PoolRecord, UserRecord } from '../store/store.js';
import { CodeMismatchException, InvalidParameterException, CODE_MISMATCH } from '../cognito/errors.js';
import { applyAttributeChanges, checkRequiredAttributes, checkWritable, toAttributeMap, validateAttributes, type Attributes } from './attributes.js';
import { schemaOf } from './pools.js';
import { syncAliases } from './users.js';
import { CODE_TTL_MS, consumeCode, issueCode } from './codes.js';
import { sendCode, type CodeDeliveryDetails, type MessageTrigger } from './delivery.js';
import type { TriggerContext } from './triggers/run.js';

const VERIFIABLE = ['email', 'phone_number'] as const;
type Verifiable = (typeof VERIFIABLE)[number];

const isVerifiable = (name: string): name is Verifiable => (VERIFIABLE as readonly string[]).includes(name);
const purposeOf = (attribute: Verifiable): string => `verify:${attribute}`;

async function saveAttributes(deps: Deps, pool: PoolRecord, user: UserRecord, attributes: Attributes): Promise<UserRecord> {
  await deps.store.transaction(async (tx) => {
    await syncAliases(tx, pool, user, attributes);
    await tx.users.update(user.sub, { attributes, updatedAt: deps.clock.now() });
  });
  return { ...user, attributes };
}

/** Sends a code for the attribute's current value, or for `pending`, a new value it will apply. */
async function sendVerificationCode(deps: Deps, pool: PoolRecord, user: UserRecord, trigger: MessageTrigger, attribute: Verifiable, pending?: string): Promise<CodeDeliveryDetails> {
  const destination = pending ?? user.attributes[attribute];
  const code = await issueCode(deps, user, purposeOf(attribute), CODE_TTL_MS.verify, { binding: destination, payload: pending });
  const medium = attribute === 'email' ? 'EMAIL' : 'SMS';
  return sendCode(deps, pool, user, { medium, attribute, destination }, purposeOf(attribute), code, trigger);
}

/** The attributes whose changes wait for verification: listed in the settings and auto-verified. */
function verifiedBeforeUpdate(pool: PoolRecord): Verifiable[] {
  const listed: string[] = pool.config.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [];
  const autoVerified: string[] = pool.config.AutoVerifiedAttributes ?? [];
  return VERIFIABLE.filter((a) => listed.includes(a) && autoVerified.includes(a));
}

/** A live pending value for the attribute, if an update is waiting for its code. */
async function pendingValue(deps: Deps, user: UserRecord, attribute: Verifiable): Promise<string | undefined> {
  const stored = await deps.store.codes.find(user.sub, purposeOf(attribute));
  return stored?.payload && stored.expiresAt > deps.clock.now() ? stored.payload : undefined;
}

/** UpdateUserAttributes; `client` is the caller's app client (undefined for admin callers: no write restriction). */
export async function updateUserAttributes(
  deps: Deps,
  pool: PoolRecord,
  client: ClientRecord | undefined,
  user: UserRecord,
  list: Array<{ Name: string; Value?: string }>,
  context?: TriggerContext,
): Promise<CodeDeliveryDetails[]> {
  const changes = toAttributeMap(list);
  if (client) checkWritable(client, changes);
  validateAttributes(pool, changes, { creating: false });
  // Changes held back until verified: a new, non-empty value replacing a verified one (unless an
  // administrator marks the new value verified in the same call).
  const held = new Map<Verifiable, string>();
  for (const attribute of verifiedBeforeUpdate(pool)) {
    const value = changes[attribute];
    const verifiedNow = changes[`${attribute}_verified`] === 'true';
    if (value && value !== user.attributes[attribute] && user.attributes[`${attribute}_verified`] === 'true' && !verifiedNow) {
      held.set(attribute, value);
      delete changes[attribute];
    }
  }
  const attributes = applyAttributeChanges(user.attributes, changes);
  checkRequiredAttributes(pool, attributes);
  const updated = await saveAttributes(deps, pool, user, attributes);

  const autoVerified: string[] = pool.config.AutoVerifiedAttributes ?? [];
  const deliveries: CodeDeliveryDetails[] = [];
  const trigger: MessageTrigger = { source: 'UpdateUserAttribute', clientId: client?.id ?? null, context };
  for (const [attribute, value] of held) deliveries.push(await sendVerificationCode(deps, pool, updated, trigger, attribute, value));
  for (const attribute of VERIFIABLE) {
    const changed = attribute in changes && changes[attribute] !== user.attributes[attribute];
    if (!changed) continue;
    if (!attributes[attribute]) {
      await deps.store.codes.delete(user.sub, purposeOf(attribute));
      continue;
    }
    if (autoVerified.includes(attribute) && attributes[`${attribute}_verified`] !== 'true') {
      deliveries.push(await sendVerificationCode(deps, pool, updated, trigger, attribute));
    }
  }
  return deliveries;
}

export async function deleteUserAttributes(deps: Deps, pool: PoolRecord, client: ClientRecord | undefined, user: UserRecord, names: string[]): Promise<void> {
  const changes: Attributes = {};
  for (const name of names) changes[name] = '';
  if (client) checkWritable(client, changes);
  const schema = schemaOf(pool);
  for (const name of names) {
    const attribute = schema.find((a) => a.Name === name);
    if (name === 'sub' || !attribute) throw new InvalidParameterException(`Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`);
    if (!attribute.Mutable) throw new InvalidParameterException(`Attributes did not conform to the schema: ${name}: Attribute cannot be updated. (changing an immutable attribute)`);
  }
  const attributes = applyAttributeChanges(user.attributes, changes);
  checkRequiredAttributes(pool, attributes);
  await saveAttributes(deps, pool, user, attributes);
  for (const name of names) if (isVerifiable(name)) await deps.store.codes.delete(user.sub, purposeOf(name));
}

function requireVerifiable(user: UserRecord, name: string): Verifiable {
  if (!isVerifiable(name)) throw new InvalidParameterException(`Invalid attribute name: ${name} cannot be verified.`);
  if (!user.attributes[name]) throw new InvalidParameterException(`The user does not have a value for ${name}.`);
  return name;
}

/** `clientId`: the access token's client, for the CustomMessage / custom sender event. */
export async function getUserAttributeVerificationCode(deps: Deps, pool: PoolRecord, user: UserRecord, name: string, clientId: string | null = null, context?: TriggerContext): Promise<CodeDeliveryDetails> {
  const attribute = requireVerifiable(user, name);
  // A pending update gets its code again, at the new address.
  const trigger: MessageTrigger = { source: 'VerifyUserAttribute', clientId, context };
  return sendVerificationCode(deps, pool, user, trigger, attribute, await pendingValue(deps, user, attribute));
}

export async function verifyUserAttribute(deps: Deps, pool: PoolRecord, user: UserRecord, name: string, code: string): Promise<void> {
  const attribute = requireVerifiable(user, name);
  if (!/^\S{1,2048}$/.test(code)) throw new CodeMismatchException(CODE_MISMATCH);
  const pending = (await deps.store.codes.find(user.sub, purposeOf(attribute)))?.payload ?? undefined;
  await consumeCode(deps, user, purposeOf(attribute), code, pending ?? user.attributes[attribute]);
  const value = pending ?? user.attributes[attribute];
  await saveAttributes(deps, pool, user, { ...user.attributes, [attribute]: value, [`${attribute}_verified`]: 'true' });
}
