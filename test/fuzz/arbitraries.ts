// Inputs for fuzzing, made from each operation's own input schema (TypeBox, i.e. JSON Schema) and
// then broken: valid-looking requests get past validation into the domain, and their mutations
// (wrong types, nulls, huge and empty values, unicode, unknown members) probe what validation and
// the code behind it do with what no SDK would send.
import fc, { type Arbitrary } from 'fast-check';

/** Values the fuzzer may put into members of these names, so requests reach real pools, clients and users. */
export type KnownValues = Record<string, string[]>;

const HUGE = 'x'.repeat(300_000);
const WEIRD_STRINGS = ['', ' ', '\u0000', '\uD800', '💥'.repeat(1000), HUGE, '../../etc/passwd', '<script>alert(1)</script>', "' OR 1=1 --", '%00', '\r\nX-Injected: 1', 'null', '__proto__', 'constructor', '{}'];

/** Any JSON value, including the awkward ones. */
export const anyJson: Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), Number.MAX_VALUE, ...WEIRD_STRINGS),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
);

function stringFor(schema: any): Arbitrary<string> {
  const maxLength = Math.min(schema.maxLength ?? 64, 256);
  const minLength = Math.min(schema.minLength ?? 0, maxLength);
  if (schema.pattern) {
    try {
      const pattern = new RegExp(schema.pattern, 'u');
      // Cut to the length limit rather than filter: a filter that rarely passes makes fast-check retry without end.
      return fc.stringMatching(pattern).map((s) => (s.length > maxLength ? s.slice(0, maxLength) : s));
    } catch {
      // a pattern fast-check cannot invert: plain strings of the right length
    }
  }
  return fc.string({ unit: 'grapheme', minLength, maxLength });
}

/** An arbitrary for values of a TypeBox / JSON schema; `name` is the member it fills. */
export function fromSchema(schema: any, known: KnownValues, name = '', depth = 0): Arbitrary<unknown> {
  const knownForName = known[name];
  const generated = generate(schema, known, name, depth);
  return knownForName && knownForName.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...knownForName), weight: 3 }, { arbitrary: generated, weight: 1 }) : generated;
}

function generate(schema: any, known: KnownValues, name: string, depth: number): Arbitrary<unknown> {
  if (depth > 6) return fc.constant(undefined);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  if (Array.isArray(schema.anyOf)) return fc.oneof(...schema.anyOf.map((member: any) => fromSchema(member, known, name, depth + 1)));
  if (Array.isArray(schema.allOf)) return fromSchema(Object.assign({}, ...schema.allOf), known, name, depth + 1);
  switch (schema.type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fromSchema(schema.items ?? {}, known, name, depth + 1), {
        minLength: Math.min(schema.minItems ?? 0, 5),
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'object': {
      if (schema.properties) {
        const required = new Set<string>(schema.required ?? []);
        const members = Object.fromEntries(Object.entries(schema.properties).map(([key, member]) => [key, fromSchema(member, known, key, depth + 1)]));
        return fc.record(members, { requiredKeys: [...required].filter((key) => key in members) });
      }
      const valueSchema = schema.patternProperties ? Object.values(schema.patternProperties)[0] : schema.additionalProperties;
      const value = typeof valueSchema === 'object' ? fromSchema(valueSchema, known, name, depth + 1) : fc.string({ maxLength: 16 });
      const keys = Object.keys(known).filter((key) => /^[A-Z_]+$/.test(key));
      return fc.dictionary(keys.length > 0 ? fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 12 })) : fc.string({ maxLength: 12 }), value, { maxKeys: 5 });
    }
    default:
      return anyJson;
  }
}

type Mutation = (value: Record<string, unknown>) => Arbitrary<unknown>;

/** Replace one member, at any depth, by a value of the wrong kind. */
const replaceOneMember: Mutation = (value) => {
  const paths: string[][] = [];
  const walk = (node: unknown, path: string[]) => {
    if (paths.length > 50 || node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      paths.push([...path, key]);
      walk(child, [...path, key]);
    }
  };
  walk(value, []);
  if (paths.length === 0) return fc.constant(value);
  return fc.tuple(fc.constantFrom(...paths), anyJson).map(([path, replacement]) => {
    const copy = structuredClone(value);
    let node: any = copy;
    for (const key of path.slice(0, -1)) node = node[key];
    node[path[path.length - 1]] = replacement;
    return copy;
  });
};

const addUnknownMembers: Mutation = (value) =>
  fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype')), anyJson, { minKeys: 1, maxKeys: 3 })
    .map((extra) => Object.assign(structuredClone(value), extra));

const dropAMember: Mutation = (value) => {
  const keys = Object.keys(value);
  if (keys.length === 0) return fc.constant(value);
  return fc.constantFrom(...keys).map((key) => {
    const { [key]: _dropped, ...rest } = value;
    return rest;
  });
};

/** A request body: the JSON of a schema-shaped input, most often broken in one of several ways. */
export function requestBody(input: Arbitrary<unknown>): Arbitrary<string> {
  const asObject = input.map((value) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {}));
  return fc.oneof(
    { weight: 4, arbitrary: asObject.map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: asObject.chain(replaceOneMember).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: asObject.chain(addUnknownMembers).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: asObject.chain(dropAMember).map((value) => JSON.stringify(value)) },
    // Bodies that are not an object: truncated, other JSON, not JSON, deep nesting.
    { weight: 1, arbitrary: fc.tuple(asObject, fc.nat()).map(([value, cut]) => { const text = JSON.stringify(value); return text.slice(0, cut % Math.max(1, text.length)); }) },
    { weight: 1, arbitrary: fc.oneof(fc.constantFrom('', 'null', '[]', '"x"', '12', 'true', '{', '{"a":', '\u0000', '[[[[[[[[[['), fc.string({ maxLength: 50 }), fc.constant(`${'['.repeat(5000)}${']'.repeat(5000)}`), fc.constant(`{"UserPoolId":"${HUGE}"}`)) },
  );
}

/** A form body for the OAuth and Hosted UI endpoints: the fields they read, with known and odd values. */
export function formBody(fields: string[], known: KnownValues): Arbitrary<string> {
  const value = (field: string) => fc.oneof(
    ...(known[field]?.length ? [{ weight: 3, arbitrary: fc.constantFrom(...known[field]) }] : []),
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom(...WEIRD_STRINGS) },
  );
  const pairs = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }), { maxLength: 8 })
    .chain((names) => fc.tuple(...names.map((name) => value(name).map((v) => [name, v] as [string, string]))));
  return fc.oneof(
    { weight: 5, arbitrary: pairs.map((entries) => new URLSearchParams(entries).toString()) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('%', '%zz', '&&&==', 'a=%E0%A4%A', `a=${HUGE}`)) },
  );
}
