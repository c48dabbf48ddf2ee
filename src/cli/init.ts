import { parseArgs } from 'node:util';
import { existsSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export const initHelp = `Usage: gatehouse init [--out FILE] [--force]

Writes a starter config file (default ./gatehouse.yaml): server options and one user pool with
email and phone number required, a Hosted UI domain, an app client for the code flow and a dev
user. Its seed is random, so its ids and secrets are this project's own. Run it with
gatehouse serve --config FILE; gatehouse apply FILE applies it to a store without serving.`;

/** The starter file; `seed` makes the ids and secrets of this copy its own. */
function starterConfig(seed: string): string {
  return `# Gatehouse config: \`gatehouse serve --config gatehouse.yaml\` (or GATEHOUSE_CONFIG=gatehouse.yaml).
# Environment variables and flags override the server options; \`gatehouse schema\` prints the
# JSON Schema (editors validate against it: \`npx gatehouse schema > gatehouse-config.schema.json\`).
server:
  port: 9229
storage:
  dataDir: ./data
# Declared pools are applied idempotently at every start and by \`gatehouse apply\`: this seed
# always yields the same pool ids, client ids and secrets. Anyone with the file can derive the
# secrets: keep it to development and tests.
seed: ${seed}
pools:
  - PoolName: my-app
    UsernameAttributes: [email]
    AutoVerifiedAttributes: [email]
    Schema:
      - { Name: email, AttributeDataType: String, Required: true, Mutable: true }
      - { Name: phone_number, AttributeDataType: String, Required: true, Mutable: true }
    Domain: my-app            # the Hosted UI at http://my-app.auth.localhost:9229
    Groups:
      - { GroupName: admins, Precedence: 1 }
    Clients:
      - ClientName: web
        GenerateSecret: true
        ExplicitAuthFlows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
        AllowedOAuthFlowsUserPoolClient: true
        AllowedOAuthFlows: [code]
        AllowedOAuthScopes: [openid, email, phone, profile, aws.cognito.signin.user.admin]
        CallbackURLs: [http://localhost:3000/callback]
        LogoutURLs: [http://localhost:3000/]
    Users:
      - Username: dev@example.com
        Password: Dev-Passw0rd!      # set when the user is created, never reset by a later apply
        Attributes: { email_verified: "true", phone_number: "+15555550100" }
        Groups: [admins]
`;
}

export async function init(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(initHelp);
    return;
  }
  const file = values.out ?? 'gatehouse.yaml';
  if (existsSync(file) && !values.force) throw new Error(`${file} exists; pass --force to overwrite it`);
  writeFileSync(file, starterConfig(`project-${randomBytes(12).toString('hex')}`), { mode: 0o600 });
  console.log(`Wrote ${file}. Start Gatehouse with it: npx gatehouse serve --config ${file}`);
}
