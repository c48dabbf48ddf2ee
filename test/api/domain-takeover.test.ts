// A custom domain is served by its own name, in place of anything else on that origin: it must
// not name the server itself (that would take over /admin and the API there) nor an IP address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  UpdateUserPoolDomainCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_KEY, startTestServer, type TestServer } from '../helpers/server.js';

const PUBLIC_HOST = 'id.example.test';
const CERT = 'arn:aws:acm:us-east-1:000000000000:certificate/0a1b2c3d-0000-4000-8000-000000000000';

describe('custom domains that would take over the server', () => {
  let t: TestServer;
  let cognito: CognitoIdentityProviderClient;
  beforeAll(async () => {
    // The public URL names a proxy in front; the SDK reaches the server where it listens.
    t = await startTestServer({ config: { server: { publicUrl: `https://${PUBLIC_HOST}` } } });
    cognito = new CognitoIdentityProviderClient({ endpoint: t.server.listenUrl, region: 'us-east-1', credentials: { ...ADMIN_KEY }, maxAttempts: 1 });
  });
  afterAll(async () => {
    cognito?.destroy();
    await t?.close();
  });

  const newPool = async () => (await cognito.send(new CreateUserPoolCommand({ PoolName: 'takeover' }))).UserPool!.Id!;
  const createCustom = (UserPoolId: string, Domain: string) =>
    cognito.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain, CustomDomainConfig: { CertificateArn: CERT } }));

  it("refuses the server's own public host name", async () => {
    const poolId = await newPool();
    await expect(createCustom(poolId, PUBLIC_HOST)).rejects.toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining(PUBLIC_HOST) });
    // Another name of the same parent domain is fine.
    await createCustom(poolId, `login.${PUBLIC_HOST}`);
  });

  it.each(['127.0.0.1', '10.1.2.3', '192.168.0.10', 'auth.0x7f', 'example.123'])('refuses the address %s', async (domain) => {
    await expect(createCustom(await newPool(), domain)).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'The custom domain must be a domain name, not an IP address.' });
  });

  it("refuses to update a custom domain that has become the server's host name, and keeps the console there", async () => {
    const poolId = await newPool();
    // A domain from before the server was given this public URL: written through the store, as
    // the API no longer accepts it.
    await t.server.deps.store.domains.insert({ domain: PUBLIC_HOST, poolId, custom: true, config: { ManagedLoginVersion: 1, Version: '20260101000000', CustomDomainConfig: { CertificateArn: CERT } }, createdAt: Date.now() });
    await expect(cognito.send(new UpdateUserPoolDomainCommand({ UserPoolId: poolId, Domain: PUBLIC_HOST, ManagedLoginVersion: 2 })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    const console = await t.server.app.inject({ url: '/admin/login', headers: { host: PUBLIC_HOST } });
    expect(console.statusCode).toBe(200);
    expect(console.body).toContain('name="accessKeyId"');
  });
});
