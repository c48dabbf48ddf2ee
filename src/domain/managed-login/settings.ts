// A branding style's Settings document: what Cognito accepts, and how two documents combine.
// - a JSON object whose top-level members are managed login's (categories, components …);
// - every member named color or *Color is an RRGGBBAA hex colour, so no value that reaches a
//   stylesheet can carry anything but hex digits;
// - borderRadius is a number from 0 to 1000, enabled a boolean, colorSchemeMode LIGHT, DARK or DYNAMIC;
// - at most 12 levels deep and 2 MB (Cognito's request limit).
import { InvalidParameterException } from '../../cognito/errors.js';

const TOP_LEVEL = new Set(['categories', 'componentClasses', 'components', 'textContent', 'version']);
const COLOR = /^[0-9a-fA-F]{8}$/;
const MAX_DEPTH = 12;
const MAX_BYTES = 2 * 1024 * 1024;
const MAX_STRING = 4096;

export type Settings = Record<string, unknown>;

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const bad = (path: string, rule: string) => new InvalidParameterException(`Settings ${path} ${rule}.`);

function checkValue(path: string, key: string, value: unknown, depth: number): void {
  if (depth > MAX_DEPTH) throw bad(path, `is nested more than ${MAX_DEPTH} levels deep`);
  if (key === 'color' || key.endsWith('Color')) {
    if (typeof value !== 'string' || !COLOR.test(value)) throw bad(path, 'must be a colour in RRGGBBAA hex');
    return;
  }
  if (key === 'borderRadius' && (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1000)) {
    throw bad(path, 'must be a number from 0 to 1000');
  }
  if (key === 'enabled' && typeof value !== 'boolean') throw bad(path, 'must be true or false');
  if (key === 'colorSchemeMode' && !['LIGHT', 'DARK', 'DYNAMIC'].includes(value as string)) throw bad(path, 'must be LIGHT, DARK or DYNAMIC');
  if (typeof value === 'string' && value.length > MAX_STRING) throw bad(path, `is longer than ${MAX_STRING} characters`);
  if (Array.isArray(value)) value.forEach((item, i) => checkValue(`${path}[${i}]`, '', item, depth + 1));
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) checkValue(`${path}.${k}`, k, v, depth + 1);
}

export function checkSettings(settings: unknown): asserts settings is Settings {
  if (!isPlainObject(settings)) throw new InvalidParameterException('Settings must be a JSON object.');
  if (Buffer.byteLength(JSON.stringify(settings)) > MAX_BYTES) throw new InvalidParameterException('Settings must be at most 2 MB.');
  for (const [key, value] of Object.entries(settings)) {
    if (!TOP_LEVEL.has(key)) throw new InvalidParameterException(`Settings has an unknown member ${key}.`);
    checkValue(key, key, value, 1);
  }
}

/** `over` laid on `base`: objects merge member by member, anything else (arrays too) replaces. */
export function mergeSettings(base: Settings, over: Settings): Settings {
  const merged: Settings = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeSettings(current, value) : value;
  }
  return merged;
}

/** The member at `path` (dot-separated), or undefined. */
export function settingAt(settings: Settings, path: string): unknown {
  let value: unknown = settings;
  for (const key of path.split('.')) {
    if (!isPlainObject(value)) return undefined;
    value = value[key];
  }
  return value;
}
