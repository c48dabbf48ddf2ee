// `gatehouse <command>`: each command lives in its own file and answers --help.
import { serve, serveHelp } from './serve.js';
import { outbox, outboxHelp } from './outbox.js';
import { apply, applyHelp } from './apply.js';
import { exportCommand, exportHelp } from './export.js';
import { schema, schemaHelp } from './schema.js';
import { init, initHelp } from './init.js';

const commands: Record<string, { run: (argv: string[]) => Promise<void>; help: string }> = {
  serve: { run: serve, help: serveHelp },
  init: { run: init, help: initHelp },
  outbox: { run: outbox, help: outboxHelp },
  apply: { run: apply, help: applyHelp },
  export: { run: exportCommand, help: exportHelp },
  schema: { run: schema, help: schemaHelp },
};

const usage = `Usage: gatehouse <command> [options]

Commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(8)} ${c.help.split('\n')[2] ?? ''}`).join('\n')}

Run gatehouse <command> --help for its options.`;

const [name, ...rest] = process.argv.slice(2);
const command = name && Object.hasOwn(commands, name) ? commands[name] : undefined;
if (!command) {
  console.log(usage);
  process.exit(name && name !== '--help' && name !== '-h' ? 2 : 0);
}
try {
  await command.run(rest);
} catch (error) {
  console.error(`gatehouse ${name}: ${(error as Error).message}`);
  process.exit(1);
}
