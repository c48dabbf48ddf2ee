// Takes a pool's users out: the CSV of Cognito's user import jobs (the columns GetCSVHeader gives)
// plus `cognito:password_hash`, our argon2id hash in PHC form, for an import job with
// PasswordHashingAlgorithm ARGON2ID; and a side file (JSON) with what no import job takes, the
// TOTP secrets and passkeys, for systems that can. Users are read a page at a time and written
// as they come (no whole-pool buffering), waiting for each stream to drain.
// - Federated users (EXTERNAL_PROVIDER) are left out: their sign-in lives at their provider.
// - A user without a password, or with a hash in another format (a user import's bcrypt,
//   scrypt or PBKDF2, replaced at the user's next sign-in), has an empty hash: the importing
//   pool makes them reset it.
// - Cognito's CSV has no quoting: a comma in a value is written `\,`, a line break as a space.
import type { Writable } from 'node:stream';
import type { Deps } from '../domain/deps.js';
import type { PoolRecord, UserRecord, WebAuthnCredentialRecord } from '../store/store.js';
import { requirePool } from '../domain/pools.js';
import { csvHeader, PASSWORD_HASH_COLUMN } from '../domain/user-import/csv.js';
import { enabledOf } from '../domain/mfa-settings.js';
import { openTotp } from '../domain/mfa.js';

/** Names the side file's format; its shape is described in the README ("Taking users out"). */
export const SECRETS_FORMAT = 'gatehouse-user-secrets/1';

const PAGE_SIZE = 100;

/** GetCSVHeader's columns (the standard ones, then the pool's custom attributes), and the hash column. */
export function exportHeader(pool: PoolRecord): string[] {
  return [...csvHeader(pool), PASSWORD_HASH_COLUMN];
}

const csvValue = (value: string): string => value.replace(/\r\n|\r|\n/g, ' ').replace(/,/g, '\\,');

/** Cognito: all true when MFA is ON, all false when OFF, the user's own setting when OPTIONAL. */
function mfaEnabled(pool: PoolRecord, user: UserRecord): string {
  const mode = pool.config.MfaConfiguration ?? 'OFF';
  return String(mode === 'ON' || (mode === 'OPTIONAL' && enabledOf(user).length > 0));
}

const exportableHash = (user: UserRecord): string => (user.passwordHash?.startsWith('$argon2id$') ? user.passwordHash : '');

function csvRow(pool: PoolRecord, header: string[], user: UserRecord): string {
  return header.map((column) => {
    if (column === 'cognito:username') return csvValue(user.username);
    if (column === 'cognito:mfa_enabled') return mfaEnabled(pool, user);
    if (column === PASSWORD_HASH_COLUMN) return csvValue(exportableHash(user));
    // Cognito: updated_at is in epoch seconds.
    if (column === 'updated_at') return String(Math.floor(user.updatedAt / 1000));
    return csvValue(user.attributes[column] ?? '');
  }).join(',');
}

async function write(stream: Writable, text: string): Promise<void> {
  if (stream.write(text)) return;
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => { stream.off('drain', onDrain); reject(error); };
    const onDrain = () => { stream.off('error', onError); resolve(); };
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });
}

async function passkeysOf(deps: Deps, user: UserRecord): Promise<WebAuthnCredentialRecord[]> {
  const all: WebAuthnCredentialRecord[] = [];
  for (let after: string | undefined, more = true; more; ) {
    const page = await deps.store.webAuthnCredentials.listForUser(user.sub, 50, after);
    all.push(...page.items);
    after = page.next;
    more = page.next !== undefined;
  }
  return all;
}

/** The side file's entry for a user with a TOTP secret or passkeys; undefined for the others. */
async function secretsOf(deps: Deps, user: UserRecord): Promise<object | undefined> {
  const totp = enabledOf(user).includes('SOFTWARE_TOKEN_MFA') ? openTotp(deps, user) : undefined;
  const passkeys = await passkeysOf(deps, user);
  if (!totp && passkeys.length === 0) return undefined;
  return {
    username: user.username,
    sub: user.sub,
    ...(totp && { totp: { secret: totp, algorithm: 'SHA1', digits: 6, periodSeconds: 30, ...(user.mfa.totpName && { friendlyName: user.mfa.totpName }) } }),
    ...(passkeys.length > 0 && {
      passkeys: passkeys.map((p) => ({
        credentialId: p.credentialId, publicKey: p.publicKey, signCount: p.signCount, transports: p.transports, relyingPartyId: p.relyingPartyId,
        ...(p.attachment && { attachment: p.attachment }), ...(p.friendlyName && { friendlyName: p.friendlyName }), createdAt: new Date(p.createdAt).toISOString(),
      })),
    }),
  };
}

export interface UsersExport {
  users: number;
  withPasswordHash: number;
  federatedSkipped: number;
  withSecrets: number;
}

/** Writes the pool's users to `csv` and, when given, their TOTP secrets and passkeys to `secrets`; ends neither stream. */
export async function exportUsers(deps: Deps, poolId: string, csv: Writable, secrets?: Writable): Promise<UsersExport> {
  const pool = await requirePool(deps.store, poolId);
  const header = exportHeader(pool);
  const counts: UsersExport = { users: 0, withPasswordHash: 0, federatedSkipped: 0, withSecrets: 0 };
  await write(csv, `${header.join(',')}\n`);
  if (secrets) await write(secrets, `{"format":${JSON.stringify(SECRETS_FORMAT)},"poolId":${JSON.stringify(pool.id)},"users":[`);
  for (let after: string | undefined, more = true; more; ) {
    const page = await deps.store.users.list({ poolId, limit: PAGE_SIZE, ...(after && { after: { sub: after } }) });
    for (const user of page) {
      if (user.status === 'EXTERNAL_PROVIDER') {
        counts.federatedSkipped++;
        continue;
      }
      await write(csv, `${csvRow(pool, header, user)}\n`);
      counts.users++;
      if (exportableHash(user)) counts.withPasswordHash++;
      const entry = secrets && (await secretsOf(deps, user));
      if (entry) await write(secrets!, `${counts.withSecrets++ === 0 ? '' : ','}\n${JSON.stringify(entry)}`);
    }
    after = page.at(-1)?.sub;
    more = page.length === PAGE_SIZE;
  }
  if (secrets) await write(secrets, '\n]}\n');
  return counts;
}
