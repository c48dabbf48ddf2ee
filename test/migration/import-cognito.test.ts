// import-cognito against a second Gatehouse acting as the source pool (it speaks Cognito's API):
// the copy keeps the pool and client ids, and passwords move at each user's first sign-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  CreateGroupCommand,
  CreateResourceServerCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  ForgotPasswordCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  ListResourceServersCommand,
  ListUserPoolClientsCommand,
  ListUsersInGroupCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_KEY, startTestServer, type TestServer } from '../helpers/server.js';
import { adminCreatedUser, attributesOf, secretHash, signIn, type AppClient } from '../helpers/users.js';
import { claimsOf } from '../helpers/tokens.js';
import { SrpClient } from '../helpers/srp-client.js';
import { CALLBACK, HttpBrowser, signInThroughForm } from '../oauth/support.js';
import { importCognitoPool, importStatus, type ImportOptions } from '../../src/declare/import-cognito.js';
import { saveMigrationSource } from '../../src/domain/migration-source.js';

const PASSWORD = 'Source-Passw0rd!';

describe('import-cognito from a second Gatehouse', () => {
  let source: TestServer;
  let target: TestServer;
  let poolId: string;
  let web: AppClient;
  let checkerId: string;
  let hostedId: string;
  const subs: Record<string, string> = {};
  let firstRun: Awaited<ReturnType<typeof importCognitoPool>>;
  let lines: string[];

  const options = (): ImportOptions => ({
    sourcePoolId: poolId, region: 'us-east-1', endpoint: source.url, credentials: ADMIN_KEY, clientId: checkerId,
    report: (line) => lines.push(line),
  });

  beforeAll(async () => {
    [source, target] = await Promise.all([startTestServer(), startTestServer()]);
    poolId = await source.fixtures.pool({
      PoolName: 'moving-pool',
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true }],
      Policies: { PasswordPolicy: { MinimumLength: 10, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: false } },
    });
    const created = await source.fixtures.client(poolId, {
      ClientName: 'web', GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH'],
    });
    web = { poolId, ...created };
    hostedId = (await source.fixtures.client(poolId, {
      ClientName: 'hosted', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [CALLBACK], SupportedIdentityProviders: ['COGNITO'],
    })).clientId;
    checkerId = (await source.fixtures.client(poolId, { ClientName: 'checker', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'] })).clientId;
    await source.cognito.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: 'moving-pool-auth' }));
    await source.cognito.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'https://api.example.com', Name: 'api', Scopes: [{ ScopeName: 'read', ScopeDescription: 'Read' }] }));
    await source.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Precedence: 1 }));
    await source.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
    for (const name of ['alice', 'bob', 'carol', 'erin', 'frank', 'gina', 'hank', 'ivy', 'jay']) {
      await adminCreatedUser(source, poolId, name, PASSWORD, [
        { Name: 'email', Value: `${name}@example.com` }, { Name: 'email_verified', Value: 'true' }, { Name: 'custom:tier', Value: 'gold' },
      ]);
      subs[name] = attributesOf((await source.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: name }))).UserAttributes).sub!;
    }
    await source.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'carol', GroupName: 'admins' }));
    await source.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'bob' }));
    // dave has only a temporary password: FORCE_CHANGE_PASSWORD at the source.
    await source.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'dave', TemporaryPassword: 'Temporary-Pass1', MessageAction: 'SUPPRESS' }));

    lines = [];
    firstRun = await importCognitoPool(target.server.deps, options());
  }, 60_000);
  afterAll(async () => {
    await target?.close();
    await source?.close();
  });

  it('copies the pool with its id, settings, MFA configuration, domain and resource servers', async () => {
    const pool = (await target.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
    expect(pool.Name).toBe('moving-pool');
    expect(pool.Policies?.PasswordPolicy?.MinimumLength).toBe(10);
    expect(pool.AutoVerifiedAttributes).toEqual(['email']);
    expect(pool.SchemaAttributes?.some((a) => a.Name === 'custom:tier')).toBe(true);
    const mfa = await target.cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    expect(mfa.MfaConfiguration).toBe('OPTIONAL');
    expect(mfa.SoftwareTokenMfaConfiguration?.Enabled).toBe(true);
    const domain = await target.cognito.send(new DescribeUserPoolDomainCommand({ Domain: 'moving-pool-auth' }));
    expect(domain.DomainDescription?.UserPoolId).toBe(poolId);
    const servers = await target.cognito.send(new ListResourceServersCommand({ UserPoolId: poolId, MaxResults: 10 }));
    expect(servers.ResourceServers?.map((s) => s.Identifier)).toEqual(['https://api.example.com']);
    expect(lines[0]).toBe(`pool ${poolId} (moving-pool)`);
  });

  it('copies the app clients with the same ids and secrets', async () => {
    const copied = await target.cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: web.clientId }));
    expect(copied.UserPoolClient?.ClientSecret).toBe(web.clientSecret);
    expect(copied.UserPoolClient?.ClientName).toBe('web');
    const names = (await target.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }))).UserPoolClients!.map((c) => c.ClientName).sort();
    expect(names).toEqual(['checker', 'hosted', 'web']);
  });

  it('copies the users with their sub, attributes, status, enabled flag and groups', async () => {
    expect(firstRun.users).toEqual({ created: 10, updated: 0, unchanged: 0, skipped: 0 });
    const alice = await target.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    expect(attributesOf(alice.UserAttributes)).toMatchObject({ sub: subs.alice, email: 'alice@example.com', email_verified: 'true', 'custom:tier': 'gold' });
    expect(alice.UserStatus).toBe('CONFIRMED');
    expect(alice.Enabled).toBe(true);
    expect((await target.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bob' }))).Enabled).toBe(false);
    expect((await target.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'dave' }))).UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    const groups = await target.cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'carol' }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(['admins']);
  });

  it("an app's sign-in works with the same pool and client ids: the first one checks the password at the source, later ones do not", async () => {
    const tokens = await signIn(target, web, 'alice', PASSWORD);
    const claims = claimsOf(tokens.IdToken!);
    expect(claims.sub).toBe(subs.alice);
    expect(claims.aud).toBe(web.clientId);
    expect(claims.iss).toBe(`${target.url}/${poolId}`);
    expect((await importStatus(target.server.deps, poolId))?.withoutPassword).toBe(9);

    // The source now refuses alice: a sign-in here that asked it would fail.
    await source.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    await source.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'alice', Password: 'Changed-At-Source1', Permanent: true }));
    expect(claimsOf((await signIn(target, web, 'alice', PASSWORD)).IdToken!).sub).toBe(subs.alice);
    await expect(signIn(target, web, 'alice', 'Changed-At-Source1')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it("the Hosted UI's password form migrates the password too", async () => {
    const browser = new HttpBrowser(target.url);
    const query = new URLSearchParams({ response_type: 'code', client_id: hostedId, redirect_uri: CALLBACK, scope: 'openid email' });
    const wrong = await signInThroughForm(browser, `${target.url}/${poolId}/oauth2/authorize?${query}`, 'ivy', 'Wrong-Passw0rd!');
    // The form comes back with the error (status 400), as for any wrong password.
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Incorrect username or password.');
    const page = await signInThroughForm(new HttpBrowser(target.url), `${target.url}/${poolId}/oauth2/authorize?${query}`, 'ivy', PASSWORD);
    expect(page.location).toMatch(new RegExp(`^${CALLBACK}\\?code=`));
    const ivy = await target.server.deps.store.users.findBySub(subs.ivy); // no API shows the stored hash
    expect(ivy?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('the stored password also gives the user an SRP verifier (USER_SRP_AUTH works after the first sign-in)', async () => {
    await target.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: web.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'frank', PASSWORD: PASSWORD, SECRET_HASH: secretHash(web, 'frank')! },
    }));
    const srp = new SrpClient();
    const challenge = await target.cognito.send(new InitiateAuthCommand({
      ClientId: web.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'frank', SRP_A: srp.srpA, SECRET_HASH: secretHash(web, 'frank')! },
    }));
    const answer = await target.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: web.clientId, ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: { ...srp.respond(poolId, PASSWORD, challenge.ChallengeParameters!), SECRET_HASH: secretHash(web, 'frank')! },
    }));
    expect(claimsOf(answer.AuthenticationResult!.IdToken!).sub).toBe(subs.frank);
  });

  it('USER_SRP_AUTH of a user without a password here yet fails like a wrong password, without counting toward the lockout', async () => {
    const srp = new SrpClient();
    const challenge = await target.cognito.send(new InitiateAuthCommand({
      ClientId: web.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'gina', SRP_A: srp.srpA, SECRET_HASH: secretHash(web, 'gina')! },
    }));
    await expect(target.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: web.clientId, ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: { ...srp.respond(poolId, PASSWORD, challenge.ChallengeParameters!), SECRET_HASH: secretHash(web, 'gina')! },
    }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    // The client falls back to USER_PASSWORD_AUTH, which migrates the password.
    expect(claimsOf((await signIn(target, web, 'gina', PASSWORD)).IdToken!).sub).toBe(subs.gina);
  });

  it('a wrong password is refused, stores nothing and counts toward the lockout', async () => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      await expect(signIn(target, web, 'erin', 'Wrong-Passw0rd!')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    }
    // The fifth failure locks erin: even the right password is refused now, without asking the source.
    await expect(signIn(target, web, 'erin', PASSWORD)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    const erin = await target.server.deps.store.users.findBySub(subs.erin); // no API shows the stored hash
    expect(erin?.passwordHash).toBeNull();
    expect(erin?.failedAttempts).toBe(5);
  });

  it('a user with only a temporary password at the source is asked for a new one here', async () => {
    const out = await target.cognito.send(new InitiateAuthCommand({
      ClientId: web.clientId, AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'dave', PASSWORD: 'Temporary-Pass1', SECRET_HASH: secretHash(web, 'dave')! },
    }));
    expect(out.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('forgot password works for a user who has no password here yet', async () => {
    await target.cognito.send(new ForgotPasswordCommand({ ClientId: web.clientId, Username: 'carol', SecretHash: secretHash(web, 'carol') }));
    const code = await target.latestCode(poolId, 'carol');
    await target.cognito.send(new ConfirmForgotPasswordCommand({
      ClientId: web.clientId, Username: 'carol', ConfirmationCode: code!, Password: 'Brand-New-Passw0rd', SecretHash: secretHash(web, 'carol'),
    }));
    expect(claimsOf((await signIn(target, web, 'carol', 'Brand-New-Passw0rd')).IdToken!)['cognito:groups']).toEqual(['admins']);
    await expect(signIn(target, web, 'carol', PASSWORD)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('running the import again changes nothing, duplicates nothing and keeps the passwords set here', async () => {
    lines = [];
    const second = await importCognitoPool(target.server.deps, options());
    // alice's enabled flag changed at the source since the first run (disabled above).
    expect(second.users).toEqual({ created: 0, updated: 1, unchanged: 9, skipped: 0 });
    expect(second.clients).toBe(3);
    const members = await target.cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
    expect(members.Users?.map((u) => u.Username)).toEqual(['carol']);
    const names = (await target.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }))).UserPoolClients!.map((c) => c.ClientName).sort();
    expect(names).toEqual(['checker', 'hosted', 'web']);
    await expect(signIn(target, web, 'carol', 'Brand-New-Passw0rd')).resolves.toBeDefined();
    expect(lines.at(-2)).toBe('  users: 0 created, 1 updated, 9 unchanged, 0 skipped');
  });

  it('needs a source client for the password checks, and creates one there only when asked', async () => {
    lines = [];
    const { clientId: _named, ...rest } = options();
    await expect(importCognitoPool(target.server.deps, rest)).rejects.toThrow(/--client-id.*--create-source-client/);
    await importCognitoPool(target.server.deps, { ...rest, createSourceClient: true });
    const sourceNames = (await source.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }))).UserPoolClients!.map((c) => c.ClientName).sort();
    expect(sourceNames).toEqual(['checker', 'gatehouse-migration', 'hosted', 'web']);
    // A second run finds it and creates no other; it is never copied as an app client.
    await importCognitoPool(target.server.deps, { ...rest, createSourceClient: true });
    expect((await source.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }))).UserPoolClients).toHaveLength(4);
    expect((await target.cognito.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }))).UserPoolClients).toHaveLength(3);
    // Passwords are checked through it now: a user without a password still signs in.
    const status = await importStatus(target.server.deps, poolId);
    expect(status?.clientId).not.toBe(checkerId);
    expect(claimsOf((await signIn(target, web, 'hank', PASSWORD)).IdToken!).sub).toBe(subs.hank);
  });

  it('checks passwords through a source client with a secret (SECRET_HASH)', async () => {
    await importCognitoPool(target.server.deps, { ...options(), clientId: web.clientId });
    expect((await importStatus(target.server.deps, poolId))?.clientId).toBe(web.clientId);
    expect(claimsOf((await signIn(target, web, 'jay', PASSWORD)).IdToken!).sub).toBe(subs.jay);
  });

  it('a source that cannot be reached is an InternalErrorException, not a wrong password', async () => {
    // Nothing listens on port 9 of the loopback address.
    await saveMigrationSource(target.server.deps, poolId, { sourcePoolId: poolId, region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: ADMIN_KEY, clientId: checkerId });
    await expect(signIn(target, web, 'bob', PASSWORD)).rejects.toMatchObject({ name: 'InternalErrorException', $metadata: { httpStatusCode: 500 } });
    const bob = await target.server.deps.store.users.findBySub(subs.bob); // no API shows the lockout counter
    expect(bob?.failedAttempts).toBe(0);
  });
});

describe('import-cognito of a pool whose users sign in with their email', () => {
  let source: TestServer;
  let target: TestServer;
  beforeAll(async () => {
    [source, target] = await Promise.all([startTestServer(), startTestServer()]);
  });
  afterAll(async () => {
    await target?.close();
    await source?.close();
  });

  it('keeps the internal username and signs the user in by email, checking the password at the source once', async () => {
    const { poolId, clientId } = await source.fixtures.poolWithClient({ PoolName: 'email-pool', UsernameAttributes: ['email'] });
    await adminCreatedUser(source, poolId, 'zoe@example.com', PASSWORD, [{ Name: 'email_verified', Value: 'true' }]);
    const sourceUser = await source.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'zoe@example.com' }));
    await importCognitoPool(target.server.deps, { sourcePoolId: poolId, region: 'us-east-1', endpoint: source.url, credentials: ADMIN_KEY, clientId });
    const copied = await target.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'zoe@example.com' }));
    expect(copied.Username).toBe(sourceUser.Username);
    const claims = claimsOf((await signIn(target, { poolId, clientId }, 'zoe@example.com', PASSWORD)).IdToken!);
    expect(claims).toMatchObject({ sub: attributesOf(sourceUser.UserAttributes).sub, email: 'zoe@example.com', 'cognito:username': sourceUser.Username });
    expect((await importStatus(target.server.deps, poolId))?.withoutPassword).toBe(0);

    // A user made here meanwhile holds the email another source user has: that one is skipped, the rest goes on.
    await adminCreatedUser(source, poolId, 'yan@example.com', PASSWORD);
    await adminCreatedUser(target, poolId, 'yan@example.com', 'Local-Passw0rd!');
    const lines: string[] = [];
    const again = await importCognitoPool(target.server.deps, {
      sourcePoolId: poolId, region: 'us-east-1', endpoint: source.url, credentials: ADMIN_KEY, clientId, report: (line) => lines.push(line),
    });
    expect(again.users).toEqual({ created: 0, updated: 0, unchanged: 1, skipped: 1 });
    expect(lines).toContain(`  skipped ${attributesOf((await source.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'yan@example.com' }))).UserAttributes).sub}: An account with the given email already exists.`);
    await expect(signIn(target, { poolId, clientId }, 'yan@example.com', 'Local-Passw0rd!')).resolves.toBeDefined();
  });
});
