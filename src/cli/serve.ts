import { parseArgs } from 'node:util';
import { join } from 'node:path';

export const serveHelp = `Usage: gatehouse serve [--host H] [--port P] [--data DIR] [--config FILE]

Starts Gatehouse. Environment: GATEHOUSE_HOST, GATEHOUSE_PORT, GATEHOUSE_DATA_DIR, DATABASE_URL,
GATEHOUSE_ADMIN_ACCESS_KEY_ID, GATEHOUSE_ADMIN_SECRET_ACCESS_KEY, GATEHOUSE_CONFIG and the others in the README.

Lambda triggers (the functions pools name in LambdaConfig, by function name):
  GATEHOUSE_TRIGGERS="name=./handler.js#export,other=https://hooks.example/x"
      a module (export defaults to handler) or a webhook per function name, over triggers.functions
  GATEHOUSE_TRIGGER_WEBHOOK_SECRET   the HMAC key of the webhooks' X-Gatehouse-Signature header
  GATEHOUSE_LAMBDA_ENDPOINT=https://lambda.us-east-1.amazonaws.com
      the Lambda Invoke API for every other function, signed with the standard AWS credentials
At start, serve prints which triggers of which pools resolve where, and warns for those that resolve nowhere.`;

export async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(serveHelp);
    return;
  }
  const { loadConfig, resolveConfigFile } = await import('../config/load.js');
  const { startServer } = await import('../server.js');
  const { printApplied, readDeclarations } = await import('./declarations.js');
  const { triggerTable } = await import('./trigger-table.js');
  const file = resolveConfigFile(values.config);
  const config = loadConfig({
    file,
    overrides: {
      server: { ...(values.host && { host: values.host }), ...(values.port && { port: Number(values.port) }) },
      storage: { ...(values.data && { dataDir: values.data }) },
    },
  });
  const startedAt = performance.now();
  // The SRP engine before the port opens: made at the first sign-in instead, on Node 24 and later
  // it would hold up every request for about a second then (see crypto/srp.ts).
  (await import('../crypto/srp.js')).prepareSrp();
  const server = await startServer(config, { ...(file && { declarations: readDeclarations(file) }) });
  const { deps } = server;
  const generated = deps.secrets.generated.adminKey;
  const secretsFile = join(config.storage.dataDir, 'secrets.json');
  if (generated) {
    // Printed once, like the AWS console's "download .csv"; it stays in the data folder.
    console.log(
      [
        '',
        `Generated an admin access key, kept in ${secretsFile} (set GATEHOUSE_ADMIN_ACCESS_KEY_ID and GATEHOUSE_ADMIN_SECRET_ACCESS_KEY to choose your own).`,
        'Use it as AWS credentials:',
        `  export AWS_ACCESS_KEY_ID=${generated.accessKeyId} AWS_SECRET_ACCESS_KEY=${generated.secretAccessKey} AWS_DEFAULT_REGION=${config.aws.region}`,
        '',
      ].join('\n'),
    );
  }
  if (!config.admin.requireSignature) {
    deps.log.warn('SIGNATURE CHECKS ARE OFF: anyone who can reach this server can administer every user pool. Never do this outside throwaway local use.');
  }
  if (deps.secrets.generated.keyEncryptionKey && config.storage.databaseUrl) {
    deps.log.warn('Generated a key-encryption key in the data folder; processes sharing this PostgreSQL need the same one: set GATEHOUSE_KEY_ENCRYPTION_KEY.');
  }
  deps.log.info({ url: server.url, store: deps.store.dialect, startupMs: Math.round(performance.now() - startedAt) }, 'Gatehouse is ready');
  printApplied(server.applied, server.url);
  const triggers = await triggerTable(deps);
  const devIdp = config.devIdp.enabled ? await import('../dev-idp/provider.js') : undefined;
  // One write, so that whoever waits for the first line gets the rest with it.
  console.log(
    [
      `Gatehouse listening on ${server.listenUrl} (${deps.store.dialect})`,
      ...(server.url !== server.listenUrl ? [`Public URL: ${server.url}`] : []),
      `  Cognito endpoint: ${server.url}  (the SDK's endpoint, aws --endpoint-url)`,
      `  Admin console:    ${server.url}/admin`,
      `  Admin key:        ${config.admin.accessKeyId ? 'set by GATEHOUSE_ADMIN_ACCESS_KEY_ID / admin.accessKeyId' : `in ${secretsFile}`}`,
      `  Codes sent:       npx gatehouse outbox${config.storage.databaseUrl ? '' : ` --data ${config.storage.dataDir}`}`,
      `  Readiness:        ${server.url}/health/ready`,
      `  Metrics:          ${server.url}/metrics (the admin key as HTTP Basic)${server.metricsUrl ? `; open at ${server.metricsUrl}/metrics` : ''}`,
      ...(config.quotas.enabled ? ['  Quotas:           on (Cognito\'s request-rate categories, per pool)'] : []),
      ...(devIdp ? [`  Dev IdP:          ${server.url}${devIdp.DEV_IDP_PATH}/  UNSAFE FOR PRODUCTION: it signs in anyone, without a password`] : []),
      ...triggers,
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
