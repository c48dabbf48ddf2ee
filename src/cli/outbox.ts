import { parseArgs } from 'node:util';

export const outboxHelp = `Usage: gatehouse outbox [--pool ID] [--user NAME] [--limit N] [--json] [--data DIR] [--config FILE]

Prints the messages Gatehouse delivered or would have delivered, newest first, with their codes.`;

export async function outbox(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pool: { type: 'string' },
      user: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      data: { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(outboxHelp);
    return;
  }
  const { loadConfig } = await import('../config/load.js');
  const { openStore } = await import('../store/open.js');
  const config = loadConfig({ file: values.config, overrides: { storage: { ...(values.data && { dataDir: values.data }) } } });
  const store = await openStore(config);
  try {
    const messages = await store.outbox.list({ poolId: values.pool, username: values.user, limit: Number(values.limit ?? 20) || 20 });
    if (values.json) {
      console.log(JSON.stringify(messages, null, 2));
      return;
    }
    if (messages.length === 0) console.log('(no messages)');
    for (const m of messages) {
      console.log(`${new Date(m.createdAt).toISOString()}  ${m.medium} to ${m.destination}  [${m.purpose}] pool ${m.poolId} user ${m.username}`);
      if (m.code) console.log(`  code: ${m.code}`);
      if (m.subject) console.log(`  subject: ${m.subject}`);
      console.log(`  ${m.body.replace(/\n/g, '\n  ')}`);
    }
  } finally {
    await store.close();
  }
}
