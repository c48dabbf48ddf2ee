import { parseArgs } from 'node:util';
import { closeSync, createWriteStream, fchmodSync, openSync, writeFileSync, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

export const exportHelp = `Usage: gatehouse export [--pool ID ...] [--out FILE] [--json] [--data DIR]

Writes the current pools, clients (with their secrets), domains, resource servers and groups as a
file that \`gatehouse apply\` turns back into the same pools and ids; users only with --users:

Usage: gatehouse export --users --pool ID [--out FILE] [--secrets FILE] [--data DIR]

Writes the pool's users as the CSV of Cognito's user import jobs, with their argon2id password
hashes in the column cognito:password_hash (an import job with PasswordHashingAlgorithm ARGON2ID
takes them). TOTP secrets and passkeys go to a JSON side file: --secrets FILE, or FILE.secrets.json
beside --out. Both files are readable by their owner only.`;

export async function exportCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pool: { type: 'string', multiple: true },
      users: { type: 'boolean' },
      secrets: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      data: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(exportHelp);
    return;
  }
  const { loadConfig } = await import('../config/load.js');
  const { openDeps } = await import('../server.js');
  const { exportDeclarations } = await import('../declare/export.js');
  if (values.users) {
    await exportUsersCommand(values);
    return;
  }
  const config = loadConfig({ overrides: { server: { logLevel: 'warn' }, storage: { ...(values.data && { dataDir: values.data }) } } });
  const deps = await openDeps(config);
  try {
    const file = await exportDeclarations(deps, values.pool);
    // Pools share default objects in memory; YAML would write them once and alias the rest
    // (`Policies: *a3`), so editing one pool's copy would edit every pool's.
    const text = values.json ? `${JSON.stringify(file, null, 2)}\n` : (await import('yaml')).default.stringify(file, { aliasDuplicateObjects: false });
    // The export holds client secrets: only the owner may read it.
    if (values.out) writeFileSync(values.out, text, { mode: 0o600 });
    else process.stdout.write(text);
  } finally {
    await deps.store.close();
  }
}

/** A new file (or an existing one, truncated) only its owner can read, whatever the umask or its old mode. */
function ownerOnlyStream(path: string): WriteStream {
  const fd = openSync(path, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return createWriteStream(path, { fd });
}

async function exportUsersCommand(values: { pool?: string[]; out?: string; secrets?: string; data?: string }): Promise<void> {
  if (values.pool?.length !== 1) throw new Error('--users exports one pool: name it with --pool ID');
  const { loadConfig } = await import('../config/load.js');
  const { openDeps } = await import('../server.js');
  const { exportUsers } = await import('../declare/export-users.js');
  const config = loadConfig({ overrides: { server: { logLevel: 'warn' }, storage: { ...(values.data && { dataDir: values.data }) } } });
  const deps = await openDeps(config);
  const secretsPath = values.secrets ?? (values.out && `${values.out}.secrets.json`);
  const csv = values.out ? ownerOnlyStream(values.out) : process.stdout;
  const secrets = secretsPath ? ownerOnlyStream(secretsPath) : undefined;
  try {
    const counts = await exportUsers(deps, values.pool[0], csv, secrets);
    const summary = `${counts.users} users (${counts.withPasswordHash} with a password hash), ${counts.withSecrets} with TOTP secrets or passkeys` +
      `${counts.federatedSkipped ? `, ${counts.federatedSkipped} federated users left out` : ''}`;
    // On stdout the CSV is the output: the summary goes to stderr.
    (values.out ? console.log : console.error)(summary);
  } finally {
    await deps.store.close();
    for (const stream of [csv, secrets]) {
      if (stream && stream !== process.stdout) {
        stream.end();
        await finished(stream);
      }
    }
  }
}
