// User attributes against the pool's schema: which names exist, which values are valid, which
// are required, who may write or read them.
import { InvalidParameterException, NotAuthorizedException } from '../api/errors.js';
import type { ClientRecord, PoolRecord } from '../store/store.js';
import type { SchemaAttribute } from './schema-attributes.js';
import { schemaOf } from './pools.js';

export type Attributes = Record<string, string>;

/** Only the verification flags and updated_at are typed as non-strings; they still travel as strings. */
const VERIFIED_FLAGS = new Set(['email_verified', 'phone_number_verified']);
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const PHONE = /^\+[0-9]{4,15}$/;

export function toAttributeMap(list: Array<{ Name: string; Value?: string }> = []): Attributes {
  // No prototype: a name like "__proto__" from a request must stay an ordinary (invalid) key.
  const map: Attributes = Object.create(null);
  for (const { Name, Value } of list) {
    // Cognito reads the verification flags case-insensitively ("True" is true); kept lower-case.
    map[Name] = VERIFIED_FLAGS.has(Name) && /^(true|false)$/i.test(Value ?? '') ? Value!.toLowerCase() : Value ?? '';
  }
  return map;
}

export function toAttributeList(map: Attributes, sub: string, only?: (name: string) => boolean): Array<{ Name: string; Value: string }> {
  const list = [{ Name: 'sub', Value: sub }];
  for (const [Name, Value] of Object.entries(map)) list.push({ Name, Value });
  return only ? list.filter((a) => only(a.Name)) : list;
}

function schemaAttribute(pool: PoolRecord, name: string): SchemaAttribute | undefined {
  return schemaOf(pool).find((a) => a.Name === name);
}

const schemaError = (detail: string) => new InvalidParameterException(`Attributes did not conform to the schema: ${detail}`);

/**
 * Checks every attribute being written: known to the schema, value in range, formats of email and
 * phone_number, mutability (`creating` lets immutable attributes be set once).
 */
export function validateAttributes(pool: PoolRecord, attributes: Attributes, options: { creating: boolean }): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'sub') throw schemaError('sub: cannot modify the non-mutable attribute sub');
    const attribute = schemaAttribute(pool, name);
    if (!attribute) throw schemaError(`Type for attribute {${name}} could not be determined`);
    if (!attribute.Mutable && !options.creating) throw schemaError(`${name}: Attribute cannot be updated. (changing an immutable attribute)`);
    if (name === 'identities') throw schemaError('identities: Attribute cannot be updated.');
    if (VERIFIED_FLAGS.has(name) || attribute.AttributeDataType === 'Boolean') {
      if (value !== 'true' && value !== 'false') throw schemaError(`${name}: Value must be "true" or "false"`);
      continue;
    }
    if (attribute.AttributeDataType === 'Number') {
      if (value !== '' && !/^-?\d+(\.\d+)?$/.test(value)) throw schemaError(`${name}: Number attribute has an invalid value`);
      const { MinValue, MaxValue } = attribute.NumberAttributeConstraints ?? {};
      if (MinValue !== undefined && Number(value) < Number(MinValue)) throw schemaError(`${name}: Number must be greater than or equal to ${MinValue}`);
      if (MaxValue !== undefined && Number(value) > Number(MaxValue)) throw schemaError(`${name}: Number must be less than or equal to ${MaxValue}`);
      continue;
    }
    const max = Number(attribute.StringAttributeConstraints?.MaxLength ?? 2048);
    const min = Number(attribute.StringAttributeConstraints?.MinLength ?? 0);
    if (value.length > max) throw schemaError(`${name}: String must be no longer than ${max} characters`);
    if (value.length < min && value !== '') throw schemaError(`${name}: String must be at least ${min} characters`);
    if (name === 'email' && value !== '' && !EMAIL.test(value)) throw new InvalidParameterException('Invalid email address format.');
    if (name === 'phone_number' && value !== '' && !PHONE.test(value)) throw new InvalidParameterException('Invalid phone number format.');
  }
}

export function checkRequiredAttributes(pool: PoolRecord, attributes: Attributes): void {
  for (const attribute of schemaOf(pool)) {
    if (attribute.Required && attribute.Name !== 'sub' && !attributes[attribute.Name]) {
      throw schemaError(`${attribute.Name}: The attribute ${attribute.Name} is required`);
    }
  }
}

/** Self-service writes (SignUp, UpdateUserAttributes) only touch the client's WriteAttributes. */
export function checkWritable(client: ClientRecord, attributes: Attributes): void {
  const writable: string[] | undefined = client.config.WriteAttributes;
  for (const name of Object.keys(attributes)) {
    if (VERIFIED_FLAGS.has(name)) {
      throw new NotAuthorizedException(`A client attempted to write unauthorized attribute`);
    }
    if (writable && writable.length > 0 && !writable.includes(name)) {
      throw new NotAuthorizedException('A client attempted to write unauthorized attribute');
    }
  }
}

/** The attributes a client may read (all when ReadAttributes is empty). `sub` is always readable. */
export function readableBy(client: ClientRecord | undefined): (name: string) => boolean {
  const readable: string[] | undefined = client?.config.ReadAttributes;
  if (!readable || readable.length === 0) return () => true;
  const set = new Set(readable);
  return (name) => name === 'sub' || set.has(name);
}

/** Writing a new email or phone number clears its verified flag unless the caller sets it too. */
export function applyAttributeChanges(current: Attributes, changes: Attributes): Attributes {
  const next = { ...current };
  for (const [name, value] of Object.entries(changes)) {
    if (value === '') delete next[name];
    else next[name] = value;
  }
  for (const name of ['email', 'phone_number']) {
    const flag = `${name}_verified`;
    if (name in changes && changes[name] !== current[name] && !(flag in changes)) {
      if (next[name] !== undefined) next[flag] = 'false';
      else delete next[flag];
    }
  }
  return next;
}

/** Cognito masks destinations in CodeDeliveryDetails: a***@e*** and +*******1234. */
export function maskDestination(medium: 'EMAIL' | 'SMS', destination: string): string {
  if (medium === 'SMS') return `+${'*'.repeat(Math.max(destination.length - 5, 0))}${destination.slice(-4)}`;
  const [local, domain = ''] = destination.split('@');
  return `${local.charAt(0)}***@${domain.charAt(0)}***`;
}
