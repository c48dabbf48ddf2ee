import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import YAML from 'yaml';
import { loadConfig } from '../config/load.js';
import { openDeps } from '../server.js';
import { exportDeclarations } from '../declare/export.js';

export const exportHelp = `Usage: gatehouse export [--pool ID ...] [--out FILE] [--json] [--data DIR]

Writes the current pools, clients (with their secrets), domains, resource servers and groups as a
file that \`gatehouse apply\` turns back into the same pools and ids. Users are not exported.`;

export async function exportCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pool: { type: 'string', multiple: true },
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
  const config = loadConfig({ overrides: { server: { logLevel: 'warn' }, storage: { ...(values.data && { dataDir: values.data }) } } });
  const deps = await openDeps(config);
  try {
    const file = await exportDeclarations(deps, values.pool);
    const text = values.json ? `${JSON.stringify(file, null, 2)}\n` : YAML.stringify(file);
    // The export holds client secrets: only the owner may read it.
    if (values.out) writeFileSync(values.out, text, { mode: 0o600 });
    else process.stdout.write(text);
  } finally {
    await deps.store.close();
  }
}
