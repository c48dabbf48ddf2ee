// Identity providers declared in the pools file: created before the clients that list them,
// updated to match the file on the next apply, and exported into a file that recreates them.
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { DescribeIdentityProviderCommand, DescribeUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { applyDeclarations, DeclarationError, parseDeclarations } from '../../src/declare/apply.js';
import { exportDeclarations } from '../../src/declare/export.js';
import { providerSecrets } from '../../src/domain/identity-providers.js';
import type { DeclarationFile } from '../../src/declare/file-schema.js';
import { startProviderDocuments } from '../helpers/provider-documents.js';

const APPLE_KEY = '-----BEGIN PRIVATE KEY-----\nMIGTdeclared\n-----END PRIVATE KEY-----';

const file = (scopes = 'email profile openid'): DeclarationFile => parseDeclarations({
  seed: 'federation',
  pools: [{
    PoolName: 'federated',
    IdentityProviders: [
      { ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: { client_id: 'g', client_secret: 'gs', authorize_scopes: scopes, token_url: 'http://127.0.0.1:1/token' }, AttributeMapping: { email: 'email' } },
      { ProviderName: 'SignInWithApple', ProviderType: 'SignInWithApple', ProviderDetails: { client_id: 'com.example', team_id: 'T', key_id: 'K', private_key: APPLE_KEY, authorize_scopes: 'email name' } },
    ],
    Clients: [{
      ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'],
      CallbackURLs: ['http://localhost:3000/callback'], SupportedIdentityProviders: ['COGNITO', 'Google', 'SignInWithApple'],
    }],
  }],
});

describe('identity providers declared in the pools file', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });
  const start = async (declarations: DeclarationFile) => {
    const t = await startTestServer({ declarations });
    servers.push(t);
    return t;
  };

  it('creates them before the clients that list them, and updates them on the next apply', async () => {
    const t = await start(file());
    const [pool] = t.server.applied;
    const client = await t.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: pool.id, ClientId: pool.clients[0].id }));
    expect(client.UserPoolClient!.SupportedIdentityProviders).toEqual(['COGNITO', 'Google', 'SignInWithApple']);
    const google = async () => (await t.cognito.send(new DescribeIdentityProviderCommand({ UserPoolId: pool.id, ProviderName: 'Google' }))).IdentityProvider!;
    expect((await google()).ProviderDetails).toMatchObject({ authorize_scopes: 'email profile openid', token_url: 'http://127.0.0.1:1/token', client_secret: 'gs' });

    await applyDeclarations(t.server.deps, file('openid'));
    expect((await google()).ProviderDetails!.authorize_scopes).toBe('openid');
    expect((await google()).AttributeMapping).toEqual({ email: 'email', username: 'sub' });

    const retyped = file();
    retyped.pools![0].IdentityProviders![0] = { ...retyped.pools![0].IdentityProviders![0], ProviderName: 'SignInWithApple' };
    await expect(applyDeclarations(t.server.deps, retyped)).rejects.toBeInstanceOf(DeclarationError);
  });

  it('fetches an OIDC issuer\'s discovery document again only when the declared details change', async () => {
    const idp = await startProviderDocuments();
    try {
      const declared = (scopes: string) => parseDeclarations({
        pools: [{ PoolName: 'discovery', IdentityProviders: [{ ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: { client_id: 'c', client_secret: 's', authorize_scopes: scopes, oidc_issuer: idp.url } }] }],
      });
      const t = await start(declared('openid'));
      const discoveries = () => idp.requests.filter((path) => path === '/.well-known/openid-configuration').length;
      expect(discoveries()).toBe(1);
      await applyDeclarations(t.server.deps, declared('openid'));
      expect(discoveries()).toBe(1);
      await applyDeclarations(t.server.deps, declared('openid email'));
      expect(discoveries()).toBe(2);
      const { IdentityProvider } = await t.cognito.send(new DescribeIdentityProviderCommand({ UserPoolId: t.server.applied[0].id, ProviderName: 'Corp' }));
      expect(IdentityProvider!.ProviderDetails).toMatchObject({ authorize_scopes: 'openid email', client_secret: 's', token_url: `${idp.url}/token` });
    } finally {
      await idp.close();
    }
  });

  it('exports them, Apple\'s private key included, into a file that recreates them', async () => {
    const a = await start(file());
    const exported = parseDeclarations(YAML.parse(YAML.stringify(await exportDeclarations(a.server.deps))));
    const b = await start({ ...exported, seed: 'another-seed' });
    const poolId = a.server.applied[0].id;
    for (const name of ['Google', 'SignInWithApple']) {
      const [before, after] = await Promise.all([a, b].map(async (t) => (await t.cognito.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: name }))).IdentityProvider!));
      expect({ ...after, CreationDate: undefined, LastModifiedDate: undefined }).toEqual({ ...before, CreationDate: undefined, LastModifiedDate: undefined });
    }
    const apple = (await b.server.deps.store.identityProviders.find(poolId, 'SignInWithApple'))!;
    expect(providerSecrets(b.server.deps, apple)).toEqual({ private_key: APPLE_KEY });
  });
});
