// `npm run demo`: Gatehouse (data in ./data, GATEHOUSE_* variables as for `npm start`) and the demo
// app (DEMO_PORT, default 3000) in one process, the demo pool applied from apps/demo/gatehouse.demo.yaml.
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import { startServer } from '../../../src/server.js';
import type { Flow } from './config.js';
import { createDemoApp } from './app.js';
import { DEMO_USER, demoConfigFor, demoDeclarations } from './declarations.js';

const env = process.env;
const port = Number(env.DEMO_PORT ?? 3000);
const flow = (env.DEMO_FLOW ?? 'code') as Flow;
if (!Number.isInteger(port) || port < 0 || port > 65535 || (flow !== 'code' && flow !== 'implicit')) {
  console.error('demo: DEMO_PORT must be a port number and DEMO_FLOW code or implicit');
  process.exit(2);
}
const host = env.DEMO_HOST ?? '127.0.0.1';

try {
  // Quieter than `npm start` (warnings and errors only) unless GATEHOUSE_LOG_LEVEL says otherwise.
  const config = loadConfig({ env: { GATEHOUSE_LOG_LEVEL: 'warn', ...process.env } });
  // The app listens first (DEMO_PORT may be 0), then its real URL goes into the declared client.
  const placeholder = { host, port, appUrl: '', flow } as Parameters<typeof createDemoApp>[0];
  const demo = await createDemoApp(placeholder);
  await demo.app.listen({ host, port });
  const address = demo.app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const appUrl = (env.DEMO_URL ?? `http://localhost:${actualPort}`).replace(/\/+$/, '');

  const server = await startServer(config, { declarations: demoDeclarations(appUrl) });
  Object.assign(demo.config, demoConfigFor(server, { host, port: actualPort, appUrl, flow }));

  // Installed before anything is printed: whoever reads the output may stop us at once.
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await demo.app.close();
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  const generated = server.deps.secrets.generated.adminKey;
  const lines = [
    '',
    `Gatehouse on ${server.url} (${server.deps.store.dialect}, data in ${config.storage.databaseUrl ? 'PostgreSQL' : config.storage.dataDir})`,
    `  pool ${demo.config.userPoolId}, client ${demo.config.clientId}, Hosted UI ${demo.config.hostedUiUrl}`,
    `  admin console ${server.url}/admin`,
    ...(generated
      ? [
        `  admin key (generated, kept in ${join(config.storage.dataDir, 'secrets.json')}):`,
        `    export AWS_ACCESS_KEY_ID=${generated.accessKeyId} AWS_SECRET_ACCESS_KEY=${generated.secretAccessKey} AWS_DEFAULT_REGION=${config.aws.region}`,
      ]
      : [`  admin key ${config.admin.accessKeyId ? 'set by GATEHOUSE_ADMIN_ACCESS_KEY_ID' : `in ${join(config.storage.dataDir, 'secrets.json')}`}`]),
    '',
    `Open ${appUrl}/ and sign in as ${DEMO_USER.username} / ${DEMO_USER.password}`,
    `(or sign up there: \`npx gatehouse outbox${config.storage.dataDir !== './data' ? ` --data ${config.storage.dataDir}` : ''}\` prints the confirmation code).`,
    '',
  ];
  console.log(lines.join('\n'));

} catch (error) {
  console.error(`demo: ${(error as Error).message}`);
  process.exit(1);
}
