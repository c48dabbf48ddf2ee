// `gatehouse <command>`: each command lives in its own file, answers --help, and is loaded only
// when it runs (a start of `gatehouse outbox` never loads the server).
interface Command {
  summary: string;
  load: () => Promise<{ run: (argv: string[]) => Promise<void> }>;
}

const commands: Record<string, Command> = {
  serve: { summary: 'Starts Gatehouse: the Cognito API, the Hosted UI, OAuth 2.0 and the admin console.', load: async () => ({ run: (await import('./serve.js')).serve }) },
  init: { summary: 'Writes a starter config file with a user pool, an app client and a dev user.', load: async () => ({ run: (await import('./init.js')).init }) },
  outbox: { summary: 'Prints the messages Gatehouse delivered or would have delivered, with their codes.', load: async () => ({ run: (await import('./outbox.js')).outbox }) },
  apply: { summary: 'Applies the user pools declared in a file to the store, idempotently.', load: async () => ({ run: (await import('./apply.js')).apply }) },
  export: { summary: 'Writes the current pools and their clients as a file that apply turns back into them.', load: async () => ({ run: (await import('./export.js')).exportCommand }) },
  'trigger-key': { summary: 'Prints the key a custom sender function decrypts its codes with (per KMSKeyID).', load: async () => ({ run: (await import('./trigger-key.js')).triggerKey }) },
  schema: { summary: 'Prints the JSON Schema of the configuration file.', load: async () => ({ run: (await import('./schema.js')).schema }) },
  'import-cognito': { summary: 'Copies a user pool from Amazon Cognito, keeping its ids; passwords move at each user\'s first sign-in.', load: async () => ({ run: (await import('./import-cognito.js')).importCognito }) },
  backup: { summary: 'Copies the SQLite store, consistently, while Gatehouse runs; checks the copy.', load: async () => ({ run: (await import('./backup.js')).backup }) },
  restore: { summary: 'Puts a backup in place of the SQLite store, once the key in use opens its secrets.', load: async () => ({ run: (await import('./restore.js')).restore }) },
  'import-jobs': { summary: 'Lists user import jobs, or prints one job\'s error report (rows not imported).', load: async () => ({ run: (await import('./import-jobs.js')).importJobs }) },
};

const usage = `Usage: gatehouse <command> [options]

Commands:
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(15)} ${c.summary}`).join('\n')}

Run gatehouse <command> --help for its options.`;

const [name, ...rest] = process.argv.slice(2);
const command = name && Object.hasOwn(commands, name) ? commands[name] : undefined;
if (!command) {
  console.log(usage);
  process.exit(name && name !== '--help' && name !== '-h' ? 2 : 0);
}
try {
  await (await command.load()).run(rest);
} catch (error) {
  console.error(`gatehouse ${name}: ${(error as Error).message}`);
  process.exit(1);
}
