// A pool's attribute schema: the standard OIDC attributes Cognito always has, plus custom ones.
import { InvalidParameterException } from '../api/errors.js';

export interface SchemaAttribute {
  Name: string;
  AttributeDataType: 'String' | 'Number' | 'DateTime' | 'Boolean';
  DeveloperOnlyAttribute: boolean;
  Mutable: boolean;
  Required: boolean;
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
}

const string = (name: string, min = '0', max = '2048', extra: Partial<SchemaAttribute> = {}): SchemaAttribute => ({
  Name: name, AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
  StringAttributeConstraints: { MinLength: min, MaxLength: max }, ...extra,
});
const boolean = (name: string): SchemaAttribute => ({
  Name: name, AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false,
});

/** What DescribeUserPool lists for a pool created without a Schema, in Cognito's order. */
export const STANDARD_ATTRIBUTES: readonly SchemaAttribute[] = [
  string('sub', '1', '2048', { Mutable: false, Required: true }),
  string('name'), string('given_name'), string('family_name'), string('middle_name'), string('nickname'),
  string('preferred_username'), string('profile'), string('picture'), string('website'), string('email'),
  boolean('email_verified'), string('gender'), string('birthdate', '10', '10'), string('zoneinfo'), string('locale'),
  string('phone_number'), boolean('phone_number_verified'), string('address'),
  { Name: 'updated_at', AttributeDataType: 'Number', DeveloperOnlyAttribute: false, Mutable: true, Required: false, NumberAttributeConstraints: { MinValue: '0' } },
  string('identities'),
];

const STANDARD_NAMES = new Set(STANDARD_ATTRIBUTES.map((a) => a.Name));
export const isStandardAttribute = (name: string): boolean => STANDARD_NAMES.has(name);

export interface SchemaInput {
  Name?: string;
  AttributeDataType?: string;
  DeveloperOnlyAttribute?: boolean;
  Mutable?: boolean;
  Required?: boolean;
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
}

const CUSTOM_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]{1,20}$/u;
const DATA_TYPES = ['String', 'Number', 'DateTime', 'Boolean'];
const MAX_STRING_LENGTH = 2048;

const isInteger = (value: string | undefined): boolean => value === undefined || /^-?\d+$/.test(value);

/**
 * Cognito's checks on an attribute's constraints: numbers written as strings, string lengths at
 * most 2048, minimum not above maximum. `name` is the name as given; `label` as Cognito prints it
 * in "user.<label>: …" messages.
 */
function checkConstraints(name: string, label: string, input: SchemaInput): void {
  const strings = input.StringAttributeConstraints;
  if (strings) {
    if (!isInteger(strings.MinLength) || !isInteger(strings.MaxLength)) {
      throw new InvalidParameterException(`Invalid StringAttributeConstraints for schema attribute ${name}`);
    }
    const min = strings.MinLength === undefined ? undefined : Number(strings.MinLength);
    const max = strings.MaxLength === undefined ? undefined : Number(strings.MaxLength);
    if ((min ?? 0) > MAX_STRING_LENGTH || (max ?? 0) > MAX_STRING_LENGTH) {
      throw new InvalidParameterException(`user.${label}: String attributes cannot have a length of more than ${MAX_STRING_LENGTH}`);
    }
    if (min !== undefined && max !== undefined && max < min) {
      throw new InvalidParameterException(`user.${label}: Max length cannot be less than min length.`);
    }
  }
  const numbers = input.NumberAttributeConstraints;
  if (numbers) {
    if (!isInteger(numbers.MinValue) || !isInteger(numbers.MaxValue)) {
      throw new InvalidParameterException(`Invalid NumberAttributeConstraints for schema attribute ${name}`);
    }
    if (numbers.MinValue !== undefined && numbers.MaxValue !== undefined && Number(numbers.MaxValue) < Number(numbers.MinValue)) {
      throw new InvalidParameterException(`user.${label}: Max value cannot be less than min value.`);
    }
  }
}

/** A custom attribute as Cognito stores it: the name gets its `custom:` (or `dev:custom:`) prefix. */
export function customAttribute(input: SchemaInput): SchemaAttribute {
  const name = input.Name ?? '';
  if (!CUSTOM_NAME.test(name)) throw new InvalidParameterException(`Invalid custom attribute name: ${name}`);
  if (input.Required) throw new InvalidParameterException('Required custom attributes are not supported currently.');
  // Cognito: a custom attribute must name its type; there is no default.
  if (input.AttributeDataType === undefined || !DATA_TYPES.includes(input.AttributeDataType)) {
    throw new InvalidParameterException('Invalid AttributeDataType input, consider using the provided AttributeDataType enum.');
  }
  const type = input.AttributeDataType as SchemaAttribute['AttributeDataType'];
  const fullName = `${input.DeveloperOnlyAttribute ? 'dev:' : ''}custom:${name}`;
  checkConstraints(name, fullName, input);
  const attribute: SchemaAttribute = {
    Name: fullName,
    AttributeDataType: type,
    DeveloperOnlyAttribute: input.DeveloperOnlyAttribute ?? false,
    Mutable: input.Mutable ?? true,
    Required: false,
  };
  if (type === 'String') attribute.StringAttributeConstraints = { MinLength: '0', MaxLength: '2048', ...input.StringAttributeConstraints };
  if (type === 'Number') attribute.NumberAttributeConstraints = { ...input.NumberAttributeConstraints };
  return attribute;
}

/**
 * The full schema for CreateUserPool: every standard attribute, with Required/Mutable/constraints
 * taken from the input where given, followed by the custom attributes.
 */
export function buildSchema(inputs: SchemaInput[] = []): SchemaAttribute[] {
  const standard = STANDARD_ATTRIBUTES.map((a) => ({ ...a, StringAttributeConstraints: a.StringAttributeConstraints && { ...a.StringAttributeConstraints } }));
  const custom: SchemaAttribute[] = [];
  for (const input of inputs) {
    const name = input.Name ?? '';
    const existing = standard.find((a) => a.Name === name);
    if (existing) {
      if ((input.AttributeDataType !== undefined && input.AttributeDataType !== existing.AttributeDataType) || input.DeveloperOnlyAttribute) {
        throw new InvalidParameterException(`You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${name}`);
      }
      checkConstraints(name, name, input);
      if (name === 'sub') continue;
      if (input.Required !== undefined) existing.Required = input.Required;
      if (input.Mutable !== undefined) existing.Mutable = input.Mutable;
      if (input.StringAttributeConstraints && existing.StringAttributeConstraints) {
        Object.assign(existing.StringAttributeConstraints, input.StringAttributeConstraints);
      }
      if (input.NumberAttributeConstraints && existing.NumberAttributeConstraints) {
        Object.assign(existing.NumberAttributeConstraints, input.NumberAttributeConstraints);
      }
      continue;
    }
    custom.push(customAttribute(input));
  }
  const names = new Set<string>();
  for (const a of custom) {
    if (names.has(a.Name)) throw new InvalidParameterException(`Duplicate attribute name: ${a.Name}`);
    names.add(a.Name);
  }
  if (custom.length > 50) throw new InvalidParameterException('A user pool can have at most 50 custom attributes.');
  return [...standard, ...custom];
}
