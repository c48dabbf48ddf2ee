import { parseArgs } from 'node:util';

export const applyHelp = `Usage: gatehouse apply FILE [--data DIR]

Applies the user pools declared in FILE (YAML or JSON) to the store, idempotently: the same file
always yields the same pool ids, client ids and secrets. DATABASE_URL selects PostgreSQL.`;

export async function apply(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { data: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help || positionals.length !== 1) {
    console.log(applyHelp);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const { loadConfig } = await import('../config/load.js');
  const { openDeps } = await import('../server.js');
  const { applyDeclarations } = await import('../declare/apply.js');
  const { printApplied, readDeclarations } = await import('./declarations.js');
  const declarations = readDeclarations(positionals[0]);
  const config = loadConfig({ overrides: { server: { logLevel: 'warn' }, storage: { ...(values.data && { dataDir: values.data }) } } });
  const deps = await openDeps(config);
  try {
    printApplied(await applyDeclarations(deps, declarations));
  } finally {
    await deps.store.close();
  }
}
