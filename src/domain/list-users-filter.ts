// The ListUsers Filter expression, parsed without touching storage:
//   <attribute> <op> "<value>"   with op `=` (exact) or `^=` (prefix), one condition only.
// - whitespace around the attribute, the operator and the value is optional;
// - inside the quotes `\"` is a quote and `\\` a backslash;
// - only Cognito's searchable attributes are accepted; `status` (Enabled/Disabled, any case)
//   supports `=` only. Anything else is an InvalidParameterException.
import { InvalidParameterException } from '../cognito/errors.js';

export type SearchableAttribute =
  | 'username' | 'email' | 'phone_number' | 'name' | 'given_name' | 'family_name' | 'preferred_username'
  | 'cognito:user_status' | 'status' | 'sub';

export type UserFilter =
  | { attribute: Exclude<SearchableAttribute, 'status'>; op: '=' | '^='; value: string }
  | { attribute: 'status'; op: '='; value: boolean };

const SEARCHABLE = new Set<string>([
  'username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username', 'cognito:user_status', 'status', 'sub',
]);

// Cognito's wording for a filter it cannot read and for an attribute it will not search.
export const FILTER_PARSE_ERROR = 'Error while parsing filter.';
export const FILTER_ATTRIBUTE_ERROR = 'Invalid search attribute';

/** Parses a Filter; an absent or blank filter is undefined (every user). */
export function parseUserFilter(filter: string | undefined): UserFilter | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const head = /^\s*([A-Za-z_][\w:]*)\s*(\^=|=)\s*"/.exec(filter);
  if (!head) throw new InvalidParameterException(FILTER_PARSE_ERROR);
  const [, attribute, op] = head;
  let value = '';
  let i = head[0].length;
  for (;;) {
    if (i >= filter.length) throw new InvalidParameterException(FILTER_PARSE_ERROR); // unterminated quote
    const c = filter[i];
    if (c === '"') break;
    if (c === '\\') {
      const next = filter[i + 1];
      if (next !== '"' && next !== '\\') throw new InvalidParameterException(FILTER_PARSE_ERROR);
      value += next;
      i += 2;
      continue;
    }
    value += c;
    i += 1;
  }
  if (filter.slice(i + 1).trim() !== '') throw new InvalidParameterException(FILTER_PARSE_ERROR);
  if (!SEARCHABLE.has(attribute)) throw new InvalidParameterException(FILTER_ATTRIBUTE_ERROR);
  if (attribute === 'status') {
    const enabled = value.toLowerCase();
    if (op !== '=' || (enabled !== 'enabled' && enabled !== 'disabled')) throw new InvalidParameterException(FILTER_PARSE_ERROR);
    return { attribute, op, value: enabled === 'enabled' };
  }
  return { attribute: attribute as Exclude<SearchableAttribute, 'status'>, op: op as '=' | '^=', value };
}
