// `npm run demo`: Gatehouse (data in ./data, GATEHOUSE_* variables as for `npm start`) and the demo
// app (DEMO_PORT, default 3000) in one process, the demo pool applied from apps/demo/gatehouse.demo.yaml,
// with Gatehouse's development identity provider on (GATEHOUSE_DEV_IDP=false turns it off).
// The app gets its settings as the same variables it reads on its own (apps/demo/src/config.ts),
// and listens only once it has them all.
import { join } from 'node:path';
import { loadConfig, publicBaseUrl } from '../../../src/config/load.js';
import { startServer } from '../../../src/server.js';
import { createDemoApp } from '../src/app.js';
import { appSettingsFromEnv, demoConfigFromEnv } from '../src/config.js';
import { DEMO_USER, demoDeclarations, demoEnvFor } from './declarations.js';
import { freePort } from './free-port.js';

try {
  const settings = appSettingsFromEnv(process.env);
  const port = settings.port === 0 ? await freePort(settings.host) : settings.port;
  const appUrl = process.env.DEMO_URL ? settings.appUrl : `http://localhost:${port}`;

  // Quieter than `npm start` (warnings and errors only) unless GATEHOUSE_LOG_LEVEL says otherwise.
  const env = { GATEHOUSE_LOG_LEVEL: 'warn', GATEHOUSE_DEV_IDP: 'true', ...process.env };
  let config = loadConfig({ env });
  // GATEHOUSE_PORT=0 too is chosen first: the development provider's issuer, declared in the pool, holds the port.
  if (config.server.port === 0) config = loadConfig({ env: { ...env, GATEHOUSE_PORT: String(await freePort(config.server.host)) } });
  const gatehouseUrl = config.devIdp.enabled ? publicBaseUrl(config) : undefined;
  const server = await startServer(config, { declarations: demoDeclarations(appUrl, { gatehouseUrl }) });
  const { DEMO_FLOW, DEMO_SCOPES } = process.env;
  const demoConfig = demoConfigFromEnv({
    DEMO_HOST: settings.host, DEMO_PORT: String(port), DEMO_URL: appUrl, DEMO_FLOW, DEMO_SCOPES,
    ...demoEnvFor(server),
  });
  const demo = await createDemoApp(demoConfig);
  await demo.app.listen({ host: demoConfig.host, port: demoConfig.port });

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
    `  pool ${demoConfig.userPoolId}, client ${demoConfig.clientId}, Hosted UI ${demoConfig.hostedUiUrl}`,
    `  admin console ${server.url}/admin`,
    ...(generated
      ? [
        `  admin key (generated, kept in ${join(config.storage.dataDir, 'secrets.json')}):`,
        `    export AWS_ACCESS_KEY_ID=${generated.accessKeyId} AWS_SECRET_ACCESS_KEY=${generated.secretAccessKey} AWS_DEFAULT_REGION=${config.aws.region}`,
      ]
      : [`  admin key ${config.admin.accessKeyId ? 'set by GATEHOUSE_ADMIN_ACCESS_KEY_ID' : `in ${join(config.storage.dataDir, 'secrets.json')}`}`]),
    '',
    `Open ${appUrl}/ and sign in as ${DEMO_USER.username} / ${DEMO_USER.password}${gatehouseUrl ? ', or with "Continue with DevIdP"' : ''}`,
    `(or sign up there: \`npx gatehouse outbox${config.storage.dataDir !== './data' ? ` --data ${config.storage.dataDir}` : ''}\` prints the confirmation code).`,
    '',
  ];
  console.log(lines.join('\n'));
} catch (error) {
  console.error(`demo: ${(error as Error).message}`);
  process.exit(1);
}
