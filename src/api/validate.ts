// Input validation with Cognito's wording: the first violation becomes an InvalidParameterException
// that names the member, like "1 validation error detected: Value 'x y' at 'groupName' failed to
// satisfy constraint: …".
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { InvalidParameterException } from '../cognito/errors.js';

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

/**
 * Members whose values never appear in an error: Cognito's model marks them sensitive (passwords,
 * secrets, tokens, sessions, usernames, client ids, attribute values, auth parameters), and the
 * codes and a device's SRP verifier and salt, which the model does not mark but which are
 * credentials all the same (the verifier and salt let anyone guess the device's password offline).
 * ClientMetadata is not marked either, but apps pass secrets to their triggers in it: hidden too.
 */
const SENSITIVE_MEMBERS = new Set([
  'AccessToken', 'AuthParameters', 'ChallengeResponses', 'ClientId', 'ClientMetadata', 'ClientSecret', 'ClientSecretValue',
  'Code', 'ConfirmationCode', 'FeedbackToken', 'IdToken', 'LastIPAddress', 'Password', 'PasswordVerifier', 'PreviousPassword',
  'ProposedPassword', 'RefreshToken', 'Salt', 'Secret', 'SecretHash', 'Session', 'TemporaryPassword', 'Token',
  'UserCode', 'UserContextData', 'Username', 'Value',
]);

/** A pattern as Cognito prints it: the model's patterns carry no anchors, ours do. */
const printedPattern = (pattern: string): string => pattern.replace(/^\^/, '').replace(/(?<!\\)\$$/, '');

function constraint(error: ValueError): string {
  const s = error.schema as any;
  switch (error.type) {
    case ValueErrorType.StringMaxLength: return `Member must have length less than or equal to ${s.maxLength}`;
    case ValueErrorType.StringMinLength: return `Member must have length greater than or equal to ${s.minLength}`;
    case ValueErrorType.StringPattern: return `Member must satisfy regular expression pattern: ${printedPattern(s.pattern)}`;
    case ValueErrorType.RegExp: return `Member must satisfy regular expression pattern: ${printedPattern(s.source)}`;
    case ValueErrorType.ArrayMaxItems: return `Member must have length less than or equal to ${s.maxItems}`;
    case ValueErrorType.ArrayMinItems: return `Member must have length greater than or equal to ${s.minItems}`;
    case ValueErrorType.NumberMaximum: case ValueErrorType.IntegerMaximum: return `Member must have value less than or equal to ${s.maximum}`;
    case ValueErrorType.NumberMinimum: case ValueErrorType.IntegerMinimum: return `Member must have value greater than or equal to ${s.minimum}`;
    case ValueErrorType.Union: {
      const literals = Array.isArray(s.anyOf) ? s.anyOf.map((member: any) => member.const) : [];
      if (literals.length > 0 && literals.every((v: unknown) => typeof v === 'string')) return `Member must satisfy enum value set: [${literals.join(', ')}]`;
      return 'Member must satisfy union member set';
    }
    case ValueErrorType.Literal: return `Member must satisfy enum value set: [${s.const}]`;
    case ValueErrorType.ObjectRequiredProperty: return 'Member must not be null';
    default: return error.message;
  }
}

/**
 * Cognito's member path: first letters lower-cased, list items as `<1-based index>.member`
 * ("userAttributes.2.member.value"). Map keys are not named, only their map.
 */
const memberName = (segments: string[]): string =>
  segments.map((p) => (/^\d+$/.test(p) ? `${Number(p) + 1}.member` : p.charAt(0).toLowerCase() + p.slice(1))).join('.') || 'input';

/** The path cut at the first map (a Record schema): Cognito names the map, never its keys. */
function upToMaps(schema: TSchema, segments: string[]): string[] {
  let node: any = schema;
  for (const [i, segment] of segments.entries()) {
    if (node?.anyOf) node = node.anyOf.find((member: any) => member.properties || member.items || member.patternProperties) ?? node;
    if (node?.patternProperties) return segments.slice(0, i);
    node = node?.properties ? node.properties[segment] : node?.items;
    if (node === undefined) return segments;
  }
  return segments;
}

/** A value as Cognito's messages print it: strings and numbers quoted, lists of them as `[a, b]`. */
function printedValue(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return `'${value}'`;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return `'[${value.join(', ')}]'`;
  return undefined;
}

/** "1 validation error detected: Value 'v' at 'member' failed to satisfy constraint: …", value left out where sensitive. */
function describe(schema: TSchema, error: ValueError, input: unknown): string {
  const path = error.path.split('/').filter(Boolean);
  let segments = upToMaps(schema, path);
  // A map entry's violation is reported on the map, without the entry's key or value.
  const inMap = segments.length < path.length;
  let text = constraint(error);
  let value: unknown = error.value;
  // Cognito: a list of strings is one member; an item's violation is reported on the list, nested.
  const last = segments.at(-1);
  if (last !== undefined && /^\d+$/.test(last) && (value === undefined || typeof value !== 'object')) {
    segments = segments.slice(0, -1);
    value = segments.reduce<any>((node, key) => node?.[key], input);
    text = `Member must satisfy constraint: [${text}]`;
  }
  const sensitive = segments.some((segment) => SENSITIVE_MEMBERS.has(segment));
  const printed = error.type === ValueErrorType.ObjectRequiredProperty ? 'null' : sensitive || inMap ? undefined : printedValue(value);
  const subject = printed === undefined ? 'Value' : `Value ${printed}`;
  return `1 validation error detected: ${subject} at '${memberName(segments)}' failed to satisfy constraint: ${text}`;
}

/**
 * AWS JSON protocol: a member sent as null is a member left out, at any depth, and null items of
 * lists and maps are skipped. Removed in place from a freshly parsed body, without recursion
 * (bodies may nest deeply).
 */
export function dropNullMembers(input: object): void {
  const pending: object[] = [input];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (Array.isArray(node)) {
      let kept = 0;
      for (const item of node) {
        if (item === null) continue;
        node[kept++] = item;
        if (typeof item === 'object') pending.push(item);
      }
      node.length = kept;
    } else {
      for (const [key, item] of Object.entries(node)) {
        if (item === null) delete (node as Record<string, unknown>)[key];
        else if (typeof item === 'object') pending.push(item);
      }
    }
  }
}

/**
 * The path of the first string (or map key) holding U+0000, which PostgreSQL cannot store in text:
 * refused like any value outside its member's pattern, on every store, instead of failing the write.
 */
function nulMember(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulMember(item, `${path}/${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return path;
      const found = nulMember(item, `${path}/${key}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Checks `input` against the operation's schema. */
export function validateInput<S extends TSchema>(schema: S, input: unknown): void {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  if (check.Check(input)) {
    const nul = nulMember(input, '');
    if (nul === undefined) return;
    throw new InvalidParameterException(`1 validation error detected: Value at '${memberName(upToMaps(schema, nul.split('/').filter(Boolean)))}' failed to satisfy constraint: Member must not contain the character U+0000`);
  }
  const first = check.Errors(input).First();
  if (!first) throw new InvalidParameterException('Invalid request');
  throw new InvalidParameterException(describe(schema, first, input));
}
