// The identity-provider API through the real SDK: OIDC discovery against a local provider, the
// social types' built-in endpoints and overrides, SAML metadata, names, mappings, identifiers,
// pagination, and the app client's SupportedIdentityProviders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  DeleteIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  GetIdentityProviderByIdentifierCommand,
  ListIdentityProvidersCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
  type CreateIdentityProviderCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { errorOf } from '../helpers/errors.js';
import { SAML_METADATA, startProviderDocuments, type ProviderDocuments } from '../helpers/provider-documents.js';

describe('identity providers', () => {
  let t: TestServer;
  let idp: ProviderDocuments;
  beforeAll(async () => {
    [t, idp] = await Promise.all([startTestServer(), startProviderDocuments()]);
  });
  afterAll(async () => {
    await Promise.all([t.close(), idp.close()]);
  });

  const create = (input: CreateIdentityProviderCommandInput) => t.cognito.send(new CreateIdentityProviderCommand(input));
  const describeProvider = async (UserPoolId: string, ProviderName: string) =>
    (await t.cognito.send(new DescribeIdentityProviderCommand({ UserPoolId, ProviderName }))).IdentityProvider!;
  const oidcDetails = () => ({ client_id: 'gatehouse', client_secret: 'provider-secret', authorize_scopes: 'openid email', oidc_issuer: idp.url });

  it('creates an OIDC provider from its issuer: Describe shows the discovered endpoints and the defaults', async () => {
    const poolId = await t.fixtures.pool();
    const created = await create({
      UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: oidcDetails(),
      AttributeMapping: { email: 'email' }, IdpIdentifiers: ['corp.example.com'],
    });
    expect(idp.requests).toContain('/.well-known/openid-configuration');
    expect(created.IdentityProvider).toMatchObject({
      UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC',
      ProviderDetails: {
        attributes_request_method: 'GET', attributes_url: `${idp.url}/userinfo`, attributes_url_add_attributes: 'false',
        authorize_scopes: 'openid email', authorize_url: `${idp.url}/authorize`, client_id: 'gatehouse', client_secret: 'provider-secret',
        jwks_uri: `${idp.url}/jwks`, oidc_issuer: idp.url, token_url: `${idp.url}/token`,
      },
      AttributeMapping: { email: 'email', username: 'sub' },
      IdpIdentifiers: ['corp.example.com'],
    });
    expect(created.IdentityProvider!.CreationDate).toBeInstanceOf(Date);
    expect(await describeProvider(poolId, 'Corp')).toEqual(created.IdentityProvider);
  });

  it('lets explicit OIDC endpoints override the discovered ones, and fetches nothing when all are given', async () => {
    const poolId = await t.fixtures.pool();
    const overridden = await create({
      UserPoolId: poolId, ProviderName: 'Override', ProviderType: 'OIDC',
      ProviderDetails: { ...oidcDetails(), token_url: 'https://token.example.com/token' },
    });
    expect(overridden.IdentityProvider!.ProviderDetails).toMatchObject({ token_url: 'https://token.example.com/token', authorize_url: `${idp.url}/authorize` });

    // The issuer cannot be reached (nothing listens on port 9 of loopback), and need not be.
    const before = idp.requests.length;
    const offline = await create({
      UserPoolId: poolId, ProviderName: 'Offline', ProviderType: 'OIDC',
      ProviderDetails: {
        client_id: 'c', authorize_scopes: 'openid', oidc_issuer: 'https://offline.example.com',
        authorize_url: 'https://offline.example.com/a', token_url: 'https://offline.example.com/t',
        attributes_url: 'https://offline.example.com/u', jwks_uri: 'https://offline.example.com/j', attributes_request_method: 'POST',
      },
    });
    expect(offline.IdentityProvider!.ProviderDetails).toMatchObject({ attributes_request_method: 'POST', jwks_uri: 'https://offline.example.com/j' });
    expect(offline.IdentityProvider!.ProviderDetails).not.toHaveProperty('client_secret');
    expect(idp.requests.length).toBe(before);
  });

  it('refuses an OIDC issuer whose discovery fails or names another issuer, and stores nothing', async () => {
    const poolId = await t.fixtures.pool();
    const missing = await errorOf(create({ UserPoolId: poolId, ProviderName: 'Missing', ProviderType: 'OIDC', ProviderDetails: { ...oidcDetails(), oidc_issuer: `${idp.url}/nowhere` } }));
    expect(missing.name).toBe('InvalidParameterException');
    expect(missing.message).toContain('HTTP 404');
    const other = await errorOf(create({ UserPoolId: poolId, ProviderName: 'Other', ProviderType: 'OIDC', ProviderDetails: { ...oidcDetails(), oidc_issuer: `${idp.url}/other` } }));
    expect(other).toMatchObject({ name: 'InvalidParameterException', message: expect.stringContaining('someone-else') });
    const required = await errorOf(create({ UserPoolId: poolId, ProviderName: 'Bare', ProviderType: 'OIDC', ProviderDetails: { client_id: 'c' } }));
    expect(required).toEqual({ name: 'InvalidParameterException', message: 'client_id, authorize_scopes and oidc_issuer are all required idp details.' });
    const unknown = await errorOf(create({ UserPoolId: poolId, ProviderName: 'Typo', ProviderType: 'OIDC', ProviderDetails: { ...oidcDetails(), clientId: 'x' } }));
    expect(unknown.name).toBe('InvalidParameterException');
    expect((await t.cognito.send(new ListIdentityProvidersCommand({ UserPoolId: poolId }))).Providers).toEqual([]);
  });

  it('accepts plain http only on loopback addresses unless the configuration allows it', async () => {
    const poolId = await t.fixtures.pool();
    const explicit = (host: string) => ({
      client_id: 'c', authorize_scopes: 'openid', oidc_issuer: `http://${host}`,
      authorize_url: `http://${host}/a`, token_url: `http://${host}/t`, attributes_url: `http://${host}/u`, jwks_uri: `http://${host}/j`,
    });
    const refused = await errorOf(create({ UserPoolId: poolId, ProviderName: 'Plain', ProviderType: 'OIDC', ProviderDetails: explicit('idp.example.com') }));
    expect(refused.name).toBe('InvalidParameterException');
    expect(refused.message).toContain('https');
    await create({ UserPoolId: poolId, ProviderName: 'Local', ProviderType: 'OIDC', ProviderDetails: explicit('localhost:8080') });

    const lax = await startTestServer({ config: { federation: { allowHttpProviders: true } } });
    try {
      const laxPool = await lax.fixtures.pool();
      const created = await lax.cognito.send(new CreateIdentityProviderCommand({ UserPoolId: laxPool, ProviderName: 'Plain', ProviderType: 'OIDC', ProviderDetails: explicit('idp.example.com') }));
      expect(created.IdentityProvider!.ProviderDetails!.token_url).toBe('http://idp.example.com/t');
    } finally {
      await lax.close();
    }
  });

  it('names social providers after their type and shows their built-in endpoints', async () => {
    const poolId = await t.fixtures.pool();
    const google = { client_id: 'g.apps.googleusercontent.com', client_secret: 'gs', authorize_scopes: 'email profile openid' };
    expect(await errorOf(create({ UserPoolId: poolId, ProviderName: 'MyGoogle', ProviderType: 'Google', ProviderDetails: google })))
      .toEqual({ name: 'InvalidParameterException', message: 'Provider MyGoogle cannot be of type Google.' });
    expect(await errorOf(create({ UserPoolId: poolId, ProviderName: 'Google', ProviderType: 'OIDC', ProviderDetails: oidcDetails() })))
      .toEqual({ name: 'InvalidParameterException', message: 'Provider Google cannot be of type OIDC.' });
    expect(await errorOf(create({ UserPoolId: poolId, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: { client_id: 'x' } })))
      .toEqual({ name: 'InvalidParameterException', message: 'client_id, client_secret and authorize_scopes are all required idp details.' });

    const created = await create({ UserPoolId: poolId, ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: google, AttributeMapping: { email: 'email' } });
    expect(created.IdentityProvider!.ProviderDetails).toEqual({
      ...google,
      attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=', attributes_url_add_attributes: 'true',
      authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth', oidc_issuer: 'https://accounts.google.com',
      token_request_method: 'POST', token_url: 'https://www.googleapis.com/oauth2/v4/token',
    });
    expect(created.IdentityProvider!.AttributeMapping).toEqual({ email: 'email', username: 'sub' });

    const facebook = await create({
      UserPoolId: poolId, ProviderName: 'Facebook', ProviderType: 'Facebook',
      ProviderDetails: { client_id: 'f', client_secret: 'fs', authorize_scopes: 'public_profile, email', api_version: 'v18.0', token_url: `${idp.url}/token` },
    });
    expect(facebook.IdentityProvider!.ProviderDetails).toMatchObject({
      api_version: 'v18.0', authorize_url: 'https://www.facebook.com/v18.0/dialog/oauth', attributes_url: 'https://graph.facebook.com/v18.0/me?fields=',
      token_request_method: 'GET', token_url: `${idp.url}/token`,
    });
    expect(facebook.IdentityProvider!.AttributeMapping).toEqual({ username: 'id' });

    const amazon = await create({ UserPoolId: poolId, ProviderName: 'LoginWithAmazon', ProviderType: 'LoginWithAmazon', ProviderDetails: { client_id: 'a', client_secret: 'as', authorize_scopes: 'profile postal_code' } });
    expect(amazon.IdentityProvider!.ProviderDetails).toMatchObject({ authorize_url: 'https://www.amazon.com/ap/oa', token_url: 'https://api.amazon.com/auth/o2/token', attributes_url: 'https://api.amazon.com/user/profile' });
    expect(amazon.IdentityProvider!.AttributeMapping).toEqual({ username: 'user_id' });
  });

  it('never shows Apple\'s private key, keeps it when an update leaves it out, and seals secrets at rest', async () => {
    const poolId = await t.fixtures.pool();
    const privateKey = '-----BEGIN PRIVATE KEY-----\nMIGTAgEAapple\n-----END PRIVATE KEY-----';
    const details = { client_id: 'com.example.app', team_id: 'TEAM123', key_id: 'KEY123', private_key: privateKey, authorize_scopes: 'email name' };
    const created = await create({ UserPoolId: poolId, ProviderName: 'SignInWithApple', ProviderType: 'SignInWithApple', ProviderDetails: details });
    expect(created.IdentityProvider!.ProviderDetails).toEqual({
      client_id: 'com.example.app', team_id: 'TEAM123', key_id: 'KEY123', authorize_scopes: 'email name',
      attributes_url_add_attributes: 'false', authorize_url: 'https://appleid.apple.com/auth/authorize', oidc_issuer: 'https://appleid.apple.com',
      token_request_method: 'POST', token_url: 'https://appleid.apple.com/auth/token',
    });
    // A Describe → Update round trip cannot carry the private key: the stored one stays.
    await t.cognito.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'SignInWithApple', ProviderDetails: { ...created.IdentityProvider!.ProviderDetails, key_id: 'KEY456' } }));
    // What no API shows: the stored row holds neither secret in the clear, and the sign-in code reads them back.
    const { providerSecrets } = await import('../../src/domain/identity-providers.js');
    const stored = (await t.server.deps.store.identityProviders.find(poolId, 'SignInWithApple'))!;
    expect(JSON.stringify(stored)).not.toContain('MIGTAgEAapple');
    expect(stored.details.key_id).toBe('KEY456');
    expect(providerSecrets(t.server.deps, stored)).toEqual({ private_key: privateKey });

    await create({ UserPoolId: poolId, ProviderName: 'Sealed', ProviderType: 'OIDC', ProviderDetails: oidcDetails() });
    const oidc = (await t.server.deps.store.identityProviders.find(poolId, 'Sealed'))!;
    expect(JSON.stringify(oidc)).not.toContain('provider-secret');
    expect(providerSecrets(t.server.deps, oidc)).toEqual({ client_secret: 'provider-secret' });
    // The audit log names the provider and records neither secret.
    const audit = await t.server.deps.store.audit.list({ poolId, limit: 10 });
    expect(audit.filter((e) => e.action.endsWith('IdentityProvider')).map((e) => [e.action, e.target])).toEqual([
      ['CreateIdentityProvider', 'Sealed'], ['UpdateIdentityProvider', 'SignInWithApple'], ['CreateIdentityProvider', 'SignInWithApple'],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/provider-secret|MIGTAgEAapple/);
  });

  it('takes SAML metadata from a file or fetches it from its URL', async () => {
    const poolId = await t.fixtures.pool();
    const fromFile = await create({ UserPoolId: poolId, ProviderName: 'Okta', ProviderType: 'SAML', ProviderDetails: { MetadataFile: SAML_METADATA, IDPSignout: 'true' }, AttributeMapping: { email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress' } });
    expect(fromFile.IdentityProvider).toMatchObject({ ProviderType: 'SAML', ProviderDetails: { MetadataFile: SAML_METADATA, IDPSignout: 'true' } });
    expect(fromFile.IdentityProvider!.AttributeMapping).not.toHaveProperty('username');

    const fromUrl = await create({ UserPoolId: poolId, ProviderName: 'Adfs', ProviderType: 'SAML', ProviderDetails: { MetadataURL: `${idp.url}/saml/metadata` } });
    // Besides what Describe derives (federated-sessions.test.ts), the URL only: the fetched document is not shown.
    expect(fromUrl.IdentityProvider!.ProviderDetails).toMatchObject({ MetadataURL: `${idp.url}/saml/metadata` });
    expect(fromUrl.IdentityProvider!.ProviderDetails).not.toHaveProperty('MetadataFile');
    expect(idp.requests).toContain('/saml/metadata');
    const { providerSamlMetadata } = await import('../../src/domain/identity-providers.js');
    expect(providerSamlMetadata((await t.server.deps.store.identityProviders.find(poolId, 'Adfs'))!)).toBe(SAML_METADATA);

    for (const ProviderDetails of <Array<Record<string, string>>>[{}, { MetadataFile: '<html></html>' }, { MetadataURL: `${idp.url}/missing` }, { MetadataFile: SAML_METADATA, RequestSigningAlgorithm: 'rsa-sha1' }, { MetadataFile: SAML_METADATA, IDPInit: 'yes' }]) {
      expect((await errorOf(create({ UserPoolId: poolId, ProviderName: 'Broken', ProviderType: 'SAML', ProviderDetails }))).name).toBe('InvalidParameterException');
    }
  });

  it('refuses a duplicate or reserved name, an unknown or immutable mapped attribute and a name outside Cognito\'s pattern', async () => {
    const poolId = await t.fixtures.pool({
      Schema: [
        { Name: 'tenant', AttributeDataType: 'String', Mutable: true },
        { Name: 'fixed', AttributeDataType: 'String', Mutable: false },
      ],
    });
    await create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: oidcDetails(), AttributeMapping: { 'custom:tenant': 'tid' } });
    expect(await errorOf(create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: oidcDetails() })))
      .toEqual({ name: 'DuplicateProviderException', message: `Corp already exists in user pool ${poolId}` });
    for (const ProviderName of ['COGNITO', 'Cognito']) {
      expect((await errorOf(create({ UserPoolId: poolId, ProviderName, ProviderType: 'OIDC', ProviderDetails: oidcDetails() }))).name).toBe('InvalidParameterException');
    }
    for (const AttributeMapping of <Array<Record<string, string>>>[{ 'custom:nope': 'x' }, { 'custom:fixed': 'x' }, { sub: 'sub' }, { shoe_size: 'x' }]) {
      expect((await errorOf(create({ UserPoolId: poolId, ProviderName: 'Mapped', ProviderType: 'OIDC', ProviderDetails: oidcDetails(), AttributeMapping }))).name)
        .toBe('InvalidParameterException');
    }
    for (const ProviderName of ['_corp', 'has space', 'x'.repeat(33)]) {
      expect((await errorOf(create({ UserPoolId: poolId, ProviderName, ProviderType: 'OIDC', ProviderDetails: oidcDetails() }))).name).toBe('InvalidParameterException');
    }
    expect((await errorOf(create({ UserPoolId: 'us-east-1_missing', ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: oidcDetails() }))).name)
      .toBe('ResourceNotFoundException');
  });

  it('finds a provider by one of its identifiers, which are unique in the pool', async () => {
    const poolId = await t.fixtures.pool();
    await create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: oidcDetails(), IdpIdentifiers: ['corp', 'corp.example.com'] });
    const found = await t.cognito.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'corp.example.com' }));
    expect(found.IdentityProvider).toMatchObject({ ProviderName: 'Corp', IdpIdentifiers: ['corp', 'corp.example.com'] });
    expect((await errorOf(t.cognito.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'other' })))).name).toBe('ResourceNotFoundException');
    const taken = await errorOf(create({ UserPoolId: poolId, ProviderName: 'Second', ProviderType: 'OIDC', ProviderDetails: oidcDetails(), IdpIdentifiers: ['corp'] }));
    expect(taken.name).toBe('InvalidParameterException');
    expect((await errorOf(create({ UserPoolId: poolId, ProviderName: 'Third', ProviderType: 'OIDC', ProviderDetails: oidcDetails(), IdpIdentifiers: ['bad/identifier'] }))).name)
      .toBe('InvalidParameterException');
  });

  it('lists providers a page at a time, without their details', async () => {
    const poolId = await t.fixtures.pool();
    for (const name of ['Alpha', 'Beta', 'Gamma']) await create({ UserPoolId: poolId, ProviderName: name, ProviderType: 'OIDC', ProviderDetails: oidcDetails() });
    const names: string[] = [];
    let NextToken: string | undefined;
    for (let pages = 0; pages < 5; pages++) {
      const page = await t.cognito.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 2, NextToken }));
      for (const provider of page.Providers!) {
        expect(Object.keys(provider).sort()).toEqual(['CreationDate', 'LastModifiedDate', 'ProviderName', 'ProviderType']);
        names.push(provider.ProviderName!);
      }
      NextToken = page.NextToken;
      if (!NextToken) break;
    }
    expect(names).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect((await errorOf(t.cognito.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 61 })))).name).toBe('InvalidParameterException');
  });

  it('updates what is given and keeps the rest', async () => {
    const poolId = await t.fixtures.pool();
    await create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: oidcDetails(), AttributeMapping: { email: 'email' }, IdpIdentifiers: ['corp'] });
    const before = await describeProvider(poolId, 'Corp');
    const updated = (await t.cognito.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp', AttributeMapping: { name: 'name' } }))).IdentityProvider!;
    expect(updated.AttributeMapping).toEqual({ name: 'name', username: 'sub' });
    expect(updated.ProviderDetails).toEqual(before.ProviderDetails);
    expect(updated.IdpIdentifiers).toEqual(['corp']);
    // Describe's details sent back as they are are accepted (a Describe → Update round trip).
    const roundTrip = (await t.cognito.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp', ProviderDetails: { ...before.ProviderDetails, authorize_scopes: 'openid' } }))).IdentityProvider!;
    expect(roundTrip.ProviderDetails).toEqual({ ...before.ProviderDetails, authorize_scopes: 'openid' });
    expect(await describeProvider(poolId, 'Corp')).toEqual(roundTrip);
    expect((await errorOf(t.cognito.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Nobody', AttributeMapping: {} })))).name).toBe('ResourceNotFoundException');
  });

  it('checks app clients\' SupportedIdentityProviders against the pool\'s providers, and a deleted provider leaves its clients', async () => {
    const poolId = await t.fixtures.pool();
    expect(await errorOf(t.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', SupportedIdentityProviders: ['COGNITO', 'Corp'] }))))
      .toEqual({ name: 'InvalidParameterException', message: `The provider Corp does not exist for User Pool ${poolId}` });
    await create({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: oidcDetails() });
    const { clientId } = await t.fixtures.client(poolId, { SupportedIdentityProviders: ['COGNITO', 'Corp'] });
    expect((await errorOf(t.cognito.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, SupportedIdentityProviders: ['Google'] })))).message)
      .toBe(`The provider Google does not exist for User Pool ${poolId}`);

    await t.cognito.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp' }));
    expect((await errorOf(describeProvider(poolId, 'Corp'))).name).toBe('ResourceNotFoundException');
    expect((await errorOf(t.cognito.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp' })))).name).toBe('ResourceNotFoundException');
    const client = await t.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    expect(client.UserPoolClient!.SupportedIdentityProviders).toEqual(['COGNITO']);
  });

  it('requires the admin signature', async () => {
    const poolId = await t.fixtures.pool();
    const stranger = t.cognitoWith({ accessKeyId: 'AKIDSTRANGER00000001', secretAccessKey: 'not-the-admin-secret-0123456789' });
    expect((await errorOf(stranger.send(new ListIdentityProvidersCommand({ UserPoolId: poolId })))).name).toBe('UnrecognizedClientException');
  });
});
