// The README's worked example of triggers, run as written: its config file and handler module are
// taken from README.md, `gatehouse serve` starts with them, and the sign-up and sign-in it shows
// give what it says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startGatehouseProcess, type GatehouseProcess } from '../helpers/process.js';
import { ADMIN_KEY } from '../helpers/server.js';
import { claimsOf } from '../helpers/tokens.js';

/** The fenced blocks README.md introduces with `<!-- file: NAME -->`. */
function readmeFiles(): Record<string, string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const files: Record<string, string> = {};
  for (const match of readme.matchAll(/<!-- file: (\S+) -->\n```[a-z]*\n([\s\S]*?)```/g)) files[match[1]] = match[2];
  return files;
}

describe('the README\'s triggers example', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-readme-'));
  let gatehouse: GatehouseProcess;
  let cognito: CognitoIdentityProviderClient;
  let clientId: string;

  beforeAll(async () => {
    const files = readmeFiles();
    expect(Object.keys(files).sort()).toEqual(['gatehouse.yaml', 'handlers.mjs']);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    gatehouse = await startGatehouseProcess(['--config', join(dir, 'gatehouse.yaml'), '--data', join(dir, 'data')], {
      GATEHOUSE_ADMIN_ACCESS_KEY_ID: ADMIN_KEY.accessKeyId,
      GATEHOUSE_ADMIN_SECRET_ACCESS_KEY: ADMIN_KEY.secretAccessKey,
      GATEHOUSE_ARGON2_MEMORY_KIB: '1024',
      GATEHOUSE_ARGON2_ITERATIONS: '1',
    });
    cognito = new CognitoIdentityProviderClient({ endpoint: gatehouse.url, region: 'us-east-1', credentials: ADMIN_KEY, maxAttempts: 1 });
    const pools = await cognito.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    const poolId = pools.UserPools!.find((p) => p.Name === 'my-app')!.Id!;
    clientId = (await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: poolId }))).UserPoolClients![0].ClientId!;
  });
  afterAll(async () => {
    cognito?.destroy();
    await gatehouse?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('auto-confirms example.com sign-ups and only those', async () => {
    const ana = await cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'ana', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'ana@example.com' }] }));
    expect(ana.UserConfirmed).toBe(true);
    const bob = await cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'bob', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'bob@elsewhere.org' }] }));
    expect(bob.UserConfirmed).toBe(false);
  });

  it('adds the tenant claim to the access token', async () => {
    const out = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'Passw0rd!' } }));
    expect(claimsOf(out.AuthenticationResult!.AccessToken!)).toMatchObject({ tenant: 'example', username: 'ana' });
    expect(claimsOf(out.AuthenticationResult!.IdToken!)).toMatchObject({ email: 'ana@example.com', email_verified: true });
    expect(claimsOf(out.AuthenticationResult!.IdToken!).tenant).toBeUndefined();
  });
});
