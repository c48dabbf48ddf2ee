import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';

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
  const { loadConfig } = await import('../config/load.js');
  const { openDeps } = await import('../server.js');
  const { exportDeclarations } = await import('../declare/export.js');
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
