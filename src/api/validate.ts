// Input validation with Cognito's wording: the first violation becomes an InvalidParameterException
// that names the member, like "1 validation error detected: Value at 'username' failed to satisfy …".
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { InvalidParameterException } from '../cognito/errors.js';

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

function describe(error: { type: ValueErrorType; schema: any; message: string }): string {
  const s = error.schema;
  switch (error.type) {
    case ValueErrorType.StringMaxLength: return `Member must have length less than or equal to ${s.maxLength}`;
    case ValueErrorType.StringMinLength: return `Member must have length greater than or equal to ${s.minLength}`;
    case ValueErrorType.StringPattern: return `Member must satisfy regular expression pattern: ${s.pattern}`;
    case ValueErrorType.ArrayMaxItems: return `Member must have length less than or equal to ${s.maxItems}`;
    case ValueErrorType.ArrayMinItems: return `Member must have length greater than or equal to ${s.minItems}`;
    case ValueErrorType.NumberMaximum: case ValueErrorType.IntegerMaximum: return `Member must have value less than or equal to ${s.maximum}`;
    case ValueErrorType.NumberMinimum: case ValueErrorType.IntegerMinimum: return `Member must have value greater than or equal to ${s.minimum}`;
    case ValueErrorType.Union: return 'Member must satisfy enum value set';
    case ValueErrorType.ObjectRequiredProperty: return 'Member must not be null';
    default: return error.message;
  }
}

/**
 * Cognito's member path: first letters lower-cased, list items as `<1-based index>.member`
 * ("userAttributes.2.member.value"). Map keys are not named, only their map.
 */
const memberName = (path: string): string =>
  path
    .split('/')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? `${Number(p) + 1}.member` : p.charAt(0).toLowerCase() + p.slice(1)))
    .join('.');

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

export function validateInput<S extends TSchema>(schema: S, input: unknown): void {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  if (check.Check(input)) {
    const nul = nulMember(input, '');
    if (nul === undefined) return;
    throw new InvalidParameterException(`1 validation error detected: Value at '${memberName(nul) || 'input'}' failed to satisfy constraint: Member must not contain the character U+0000`);
  }
  const first = check.Errors(input).First();
  if (!first) throw new InvalidParameterException('Invalid request');
  const member = memberName(first.path) || 'input';
  // The offending value is never echoed: it may be a password or a code.
  throw new InvalidParameterException(`1 validation error detected: Value at '${member}' failed to satisfy constraint: ${describe(first)}`);
}
