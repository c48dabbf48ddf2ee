// A posted console form: single values, repeated ones (checkbox groups), and lines of a textarea.
import type { FormBody } from '../web/form.js';

export interface ConsoleForm {
  /** The first value of `name`, trimmed; undefined when absent or empty. */
  get(name: string): string | undefined;
  /** The first value of `name` exactly as sent (passwords, secrets). */
  raw(name: string): string | undefined;
  /** Every non-empty value of `name` (a checkbox group). */
  all(name: string): string[];
  /** Whether a checkbox `name` was checked. */
  has(name: string): boolean;
  /** The non-empty lines of a textarea. */
  lines(name: string): string[];
  /** The raw values, to render a form again as it was sent. */
  readonly values: FormBody;
}

export function readForm(body: unknown): ConsoleForm {
  const values: FormBody = body && typeof body === 'object' ? (body as FormBody) : {};
  const all = (name: string): string[] => {
    const value = values[name];
    const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
    return list.map((v) => v.trim()).filter(Boolean);
  };
  return {
    values,
    get: (name) => all(name)[0],
    raw: (name) => {
      const value = values[name];
      return Array.isArray(value) ? value[0] : value;
    },
    all,
    has: (name) => all(name).length > 0,
    lines: (name) => (all(name)[0] ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean),
  };
}
