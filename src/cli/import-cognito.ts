import { parseArgs } from 'node:util';

export const importCognitoHelp = `Usage: gatehouse import-cognito --pool ID [--region R] [--endpoint URL]
                               (--client-id ID | --create-source-client) [--data DIR] [--config FILE]
       gatehouse import-cognito --status --pool ID [--data DIR] [--config FILE]

Copies a user pool from Amazon Cognito (or anything that speaks its API) into the store, keeping
its ids: settings, MFA configuration, app clients with their ids and secrets, the domain prefix,
resource servers, groups, and users with their sub, attributes, status, enabled flag and group
memberships. Running it again brings the copy up to date and creates nothing twice.

Passwords move lazily: a user's first password sign-in here is checked at the source pool with
AdminInitiateAuth (ADMIN_USER_PASSWORD_AUTH) through the app client --client-id names, or one
created there named gatehouse-migration with --create-source-client; once right, the password is
stored here and the source is not asked again for that user.

Credentials come from the AWS SDK's default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY,
AWS_PROFILE, instance and container roles); they are stored sealed for the sign-in checks.
--region defaults to the pool id's prefix. --status prints how many users still lack a password.`;

export async function importCognito(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pool: { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      'client-id': { type: 'string' },
      'create-source-client': { type: 'boolean' },
      status: { type: 'boolean' },
      data: { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.pool) {
    console.log(importCognitoHelp);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const { loadConfig } = await import('../config/load.js');
  const { openDeps } = await import('../server.js');
  const { importCognitoPool, importStatus } = await import('../declare/import-cognito.js');
  const config = loadConfig({ file: values.config, overrides: { server: { logLevel: 'warn' }, storage: { ...(values.data && { dataDir: values.data }) } } });
  const deps = await openDeps(config);
  try {
    if (values.status) {
      const status = await importStatus(deps, values.pool);
      if (!status) throw new Error(`pool ${values.pool} was not imported with import-cognito`);
      console.log(`pool ${status.poolId}: ${status.users} users, ${status.withoutPassword} still without a password here (checked at source pool ${status.sourcePoolId} with app client ${status.clientId})`);
      return;
    }
    const region = values.region ?? values.pool.split('_')[0];
    await importCognitoPool(deps, {
      sourcePoolId: values.pool, region, ...(values.endpoint && { endpoint: values.endpoint }),
      ...(values['client-id'] && { clientId: values['client-id'] }), createSourceClient: values['create-source-client'] ?? false,
      report: (line) => console.log(line),
    });
    console.log('done');
  } finally {
    await deps.store.close();
  }
}
