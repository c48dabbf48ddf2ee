// Readable lines for what a file or the environment got wrong against a TypeBox schema: an unknown
// key names the key it was probably meant to be, a choice lists the values allowed.
import { Kind, type TSchema } from '@sinclair/typebox';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';

/** Levenshtein distance, case-insensitive: `usernameattributes` is one edit from `UsernameAttributes`'s spelling. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[t.length];
}

/** The candidate closest to `word`, when it is close enough to be a typo of it. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(word.length / 3)) ? best.candidate : undefined;
}

const literals = (schema: TSchema): string[] | undefined => {
  const options = (schema.anyOf as TSchema[] | undefined)?.map((member) => (member[Kind] === 'Literal' ? String(member.const) : undefined));
  return options && options.every((o) => o !== undefined) ? (options as string[]) : undefined;
};

/** Describes one problem; `extraKeys` are keys allowed beside the schema's own (at the top of a file). */
export function describeSchemaError(error: ValueError, extraKeys: readonly string[] = []): string {
  const where = error.path || '/';
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    const key = error.path.split('/').pop()!.replace(/~1/g, '/').replace(/~0/g, '~');
    const known = [...Object.keys((error.schema.properties ?? {}) as object), ...(error.path.lastIndexOf('/') === 0 ? extraKeys : [])];
    const guess = closest(key, known);
    const hint = guess ? `; did you mean ${guess}?` : known.length > 0 && known.length <= 15 ? `; known keys: ${known.join(', ')}` : '';
    return `${where}: unknown key ${key}${hint}`;
  }
  const choices = error.type === ValueErrorType.Union ? literals(error.schema) : undefined;
  if (choices) return `${where}: ${JSON.stringify(error.value)} is not one of ${choices.join(', ')}`;
  return `${where}: ${error.message}`;
}

/** One line per problem (the first `max`), the union's own sub-errors left out. */
export function describeSchemaErrors(errors: Iterable<ValueError>, options: { extraKeys?: readonly string[]; max?: number } = {}): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const line = describeSchemaError(error, options.extraKeys);
    if (!lines.includes(line)) lines.push(line);
    if (lines.length >= (options.max ?? 20)) break;
  }
  return lines;
}
