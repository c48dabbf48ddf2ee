// The CSV of a user import job, as Cognito reads it: the header GetCSVHeader gives (any order, every
// column present), values trimmed, commas inside a value written "\,", one user per line.
// Each row becomes the user it describes, or the reason it cannot be imported.
import type { AliasRecord, PoolRecord, UserRecord } from '../../store/store.js';
import { USERNAME_PATTERN } from '../../cognito/shapes.js';
import { checkRequiredAttributes, validateAttributes, type Attributes } from '../attributes.js';
import { aliasesOf, resolveUsername, usernameKey } from '../users.js';
import { schemaOf } from '../pools.js';
import { checkImportedHash, type HashingAlgorithm } from '../../crypto/imported-hashes.js';

/** The column of imported password hashes (jobs with a PasswordHashingAlgorithm only). */
export const PASSWORD_HASH_COLUMN = 'cognito:password_hash';

const STANDARD_COLUMNS = [
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website',
  'email', 'email_verified', 'gender', 'birthdate', 'zoneinfo', 'locale', 'phone_number', 'phone_number_verified',
  'address', 'updated_at', 'cognito:mfa_enabled', 'cognito:username',
];

/** Cognito: a row may hold at most 16,000 characters. */
export const MAX_ROW_CHARS = 16_000;

/** GetCSVHeader: the standard columns, then the pool's custom attributes. */
export function csvHeader(pool: PoolRecord): string[] {
  const custom = schemaOf(pool).map((a) => a.Name).filter((name) => name.startsWith('custom:'));
  return [...STANDARD_COLUMNS, ...custom];
}

/**
 * One line's values: split on commas, "\," kept as a comma, each value trimmed. A value in double
 * quotes (RFC 4180, "" for a quote) is read too, for files written by spreadsheet tools.
 */
export function splitFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') { value += '"'; i++; } else { i++; break; }
        } else value += line[i];
      }
      while (i < line.length && line[i] !== ',') value += line[i++];
    } else {
      for (; i < line.length && line[i] !== ','; i++) {
        if (line[i] === '\\' && line[i + 1] === ',') { value += ','; i++; } else value += line[i];
      }
    }
    fields.push(value.trim());
    if (i >= line.length) return fields;
    i++; // the comma
  }
}

/** How a job reads its rows: the pool's rules and the header's column positions. */
export interface RowReader {
  pool: PoolRecord;
  algorithm: HashingAlgorithm | null;
  columns: string[];
  at: Map<string, number>;
  now: number;
}

/** The header's problem (a missing or unknown column), or the reader of the rows under it. */
export function readHeader(pool: PoolRecord, algorithm: HashingAlgorithm | null, line: string, now: number): RowReader | { problem: string } {
  const columns = splitFields(line.replace(/^\uFEFF/, ''));
  const expected = [...csvHeader(pool), ...(algorithm ? [PASSWORD_HASH_COLUMN] : [])];
  const missing = expected.filter((c) => !columns.includes(c));
  if (missing.length) return { problem: `The CSV header is missing the columns: ${missing.join(', ')}.` };
  const unknown = columns.filter((c) => !expected.includes(c));
  if (unknown.length) return { problem: `The CSV header has columns the user pool does not know: ${unknown.join(', ')}.` };
  if (new Set(columns).size !== columns.length) return { problem: 'The CSV header names a column twice.' };
  return { pool, algorithm, columns, at: new Map(columns.map((c, i) => [c, i])), now };
}

export interface ImportedUser {
  user: UserRecord;
  aliases: AliasRecord[];
}

const VERIFIED_FLAGS = ['email_verified', 'phone_number_verified'];
const BIRTHDATE = /^(\d{2}\/\d{2}\/\d{4}|\d{4}-\d{2}-\d{2})$/;

/** The user one row describes, or why it is refused (Cognito's checks, worded as its log lines where known). */
export function readRow(reader: RowReader, line: string): ImportedUser | { error: string } {
  if (line.length > MAX_ROW_CHARS) return { error: `The row is longer than ${MAX_ROW_CHARS} characters.` };
  const fields = splitFields(line);
  if (fields.length !== reader.columns.length) {
    return { error: `The row has ${fields.length} values where the header has ${reader.columns.length} columns.` };
  }
  const value = (column: string): string => fields[reader.at.get(column)!]!;
  const login = value('cognito:username');
  if (!login) return { error: 'The cognito:username is required.' };
  if (!USERNAME_PATTERN.test(login)) return { error: 'The cognito:username must not contain spaces or tabs.' };

  const attributes: Attributes = Object.create(null);
  for (let i = 0; i < reader.columns.length; i++) {
    const column = reader.columns[i]!;
    const given = fields[i]!;
    if (!given || column.startsWith('cognito:')) continue;
    if (VERIFIED_FLAGS.includes(column)) {
      const flag = given.toLowerCase();
      if (flag !== 'true' && flag !== 'false') return { error: `The ${column} must be true or false.` };
      attributes[column] = flag;
    } else attributes[column] = given;
  }
  if (attributes.birthdate && !BIRTHDATE.test(attributes.birthdate)) return { error: 'The birthdate must be written mm/dd/yyyy.' };
  if (attributes.updated_at && !/^\d{1,12}$/.test(attributes.updated_at)) return { error: 'The updated_at must be a number of seconds since 1970.' };
  if (attributes.email_verified === 'true' && !attributes.email) return { error: 'The email_verified is true but the email is empty.' };
  if (attributes.phone_number_verified === 'true' && !attributes.phone_number) return { error: 'The phone_number_verified is true but the phone_number is empty.' };

  const mfaValue = value('cognito:mfa_enabled').toLowerCase();
  if (mfaValue !== 'true' && mfaValue !== 'false') return { error: 'The cognito:mfa_enabled must be true or false.' };
  const mfaMode = reader.pool.config.MfaConfiguration ?? 'OFF';
  if (mfaMode === 'ON' && mfaValue !== 'true') return { error: 'The cognito:mfa_enabled must be true: the user pool requires MFA.' };
  if (mfaMode === 'OFF' && mfaValue !== 'false') return { error: 'The cognito:mfa_enabled must be false: the user pool has MFA off.' };
  if (mfaValue === 'true' && !attributes.phone_number) return { error: 'User does not have delivery config set to turn on SMS_MFA' };

  const hash = reader.algorithm ? value(PASSWORD_HASH_COLUMN) : '';
  if (hash) {
    const problem = checkImportedHash(reader.algorithm!, hash);
    if (problem) return { error: problem };
  } else {
    // Cognito: a user without a password resets it through a verified channel the pool auto-verifies.
    const autoVerified: string[] = reader.pool.config.AutoVerifiedAttributes ?? [];
    if (!autoVerified.some((name) => attributes[`${name}_verified`] === 'true')) {
      return { error: 'The User Record does not set any of the auto verified attributes to verified.' };
    }
  }

  let resolved: { username: string; attributes: Attributes; sub: string };
  try {
    resolved = resolveUsername(reader.pool, login, attributes);
    validateAttributes(reader.pool, resolved.attributes, { creating: true });
    checkRequiredAttributes(reader.pool, resolved.attributes);
  } catch (error) {
    return { error: (error as Error).message };
  }
  const user: UserRecord = {
    sub: resolved.sub, poolId: reader.pool.id, username: resolved.username, usernameKey: usernameKey(reader.pool, resolved.username),
    // Cognito: imported users reset their password; with an imported hash they sign in with it at once.
    status: hash ? 'CONFIRMED' : 'RESET_REQUIRED', enabled: true, passwordHash: hash || null, srpSealed: null,
    attributes: resolved.attributes, mfa: mfaValue === 'true' ? { enabled: ['SMS_MFA'] } : {},
    failedAttempts: 0, lastFailedAt: null, lockedUntil: null, passwordExpiresAt: null, createdAt: reader.now, updatedAt: reader.now,
  };
  return { user, aliases: aliasesOf(reader.pool, resolved.attributes) };
}
