// PreTokenGeneration's events, whole, at every point tokens are minted (each source, each LambdaVersion)
// under the three runners: InitiateAuth / AdminInitiateAuth, NEW_PASSWORD_REQUIRED, a remembered
// device's DEVICE_PASSWORD_VERIFIER, REFRESH_TOKEN_AUTH, the Hosted UI's code and the token
// endpoint's refresh, and client_credentials (V3_0 only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  CreateGroupCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { RUNNER_KINDS, startTriggerRig, type Event, type TriggerRig } from '../helpers/triggers.js';
import { adminCreatedUser, type AppClient } from '../helpers/users.js';
import { claimsOf } from '../helpers/tokens.js';
import { API, CALLBACK, HttpBrowser, authorizeUrl, oauthPool, signInThroughForm } from '../oauth/support.js';

const PASSWORD = 'Corr3ct-Horse!';
const ROLE = 'arn:aws:iam::123456789012:role/editors';
const NO_GROUPS = { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null };
type Version = 'V1_0' | 'V2_0' | 'V3_0';

describe.each(RUNNER_KINDS)('PreTokenGeneration events through a %s function', (kind) => {
  let rig: TriggerRig;
  let t: TestServer;
  const pools = {} as Record<Version, AppClient>;
  const subs = new Map<string, string>();

  const lambdaConfig = (version: Version) => ({ PreTokenGenerationConfig: { LambdaVersion: version, LambdaArn: rig.arn('PreTokenGeneration') } });
  const lastEvent = (): Event => rig.events('PreTokenGeneration').at(-1)!;
  const envelope = (client: AppClient, version: string, triggerSource: string, userName: string | null) => ({
    version, triggerSource, region: 'us-east-1', userPoolId: client.poolId, userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: client.clientId },
  });
  const attributes = (username: string) => ({
    sub: subs.get(username), email: `${username}@example.com`, email_verified: 'true', 'cognito:user_status': 'CONFIRMED',
  });

  /** A confirmed user with a verified email, in group "editors" (role ROLE); remembers its sub. */
  async function editor(client: AppClient, username: string): Promise<void> {
    await adminCreatedUser(t, client.poolId, username, PASSWORD, [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }]);
    await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: client.poolId, Username: username, GroupName: 'editors' }));
    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: client.poolId, Username: username }));
    subs.set(username, user.UserAttributes!.find((a) => a.Name === 'sub')!.Value!);
  }
  const editorGroups = { groupsToOverride: ['editors'], iamRolesToOverride: [ROLE], preferredRole: ROLE };

  beforeAll(async () => {
    rig = await startTriggerRig(kind, ['PreTokenGeneration']);
    t = await startTestServer({ config: { triggers: rig.config } });
    for (const version of ['V1_0', 'V2_0', 'V3_0'] as Version[]) {
      pools[version] = await t.fixtures.poolWithClient({ LambdaConfig: lambdaConfig(version) });
      await t.cognito.send(new CreateGroupCommand({ UserPoolId: pools[version].poolId, GroupName: 'editors', RoleArn: ROLE, Precedence: 1 }));
    }
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
  });

  it.each([['V1_0', '1'], ['V2_0', '2'], ['V3_0', '3']] as Array<[Version, string]>)(
    'TokenGeneration_Authentication (%s): InitiateAuth sends version %s, the user, the groups, and no ClientMetadata',
    async (version, eventVersion) => {
      const client = pools[version];
      const username = `auth-${version.toLowerCase()}`;
      await editor(client, username);
      const out = await t.cognito.send(new InitiateAuthCommand({
        ClientId: client.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD }, ClientMetadata: { from: 'initiate' },
      }));
      expect(out.AuthenticationResult?.IdToken).toBeDefined();
      // Cognito: InitiateAuth's ClientMetadata does not reach PreTokenGeneration.
      expect(lastEvent()).toEqual({
        ...envelope(client, eventVersion, 'TokenGeneration_Authentication', username),
        request: {
          userAttributes: attributes(username),
          groupConfiguration: editorGroups,
          ...(version !== 'V1_0' && { scopes: ['aws.cognito.signin.user.admin'] }),
        },
        response: version === 'V1_0' ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null },
      });
      expect(rig.rejected).toEqual([]);
    },
  );

  it('TokenGeneration_NewPasswordChallenge (V2_0): AdminRespondToAuthChallenge passes its ClientMetadata', async () => {
    const client = pools.V2_0;
    await t.cognito.send(new AdminCreateUserCommand({
      UserPoolId: client.poolId, Username: 'newpass', TemporaryPassword: 'Temp-Passw0rd!', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'newpass@example.com' }, { Name: 'email_verified', Value: 'true' }],
    }));
    const sub = (await t.cognito.send(new AdminGetUserCommand({ UserPoolId: client.poolId, Username: 'newpass' }))).UserAttributes!.find((a) => a.Name === 'sub')!.Value!;
    const challenge = await t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: client.poolId, ClientId: client.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'newpass', PASSWORD: 'Temp-Passw0rd!' },
    }));
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const before = rig.events('PreTokenGeneration').length;
    const out = await t.cognito.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: client.poolId, ClientId: client.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session,
      ChallengeResponses: { USERNAME: 'newpass', NEW_PASSWORD: PASSWORD }, ClientMetadata: { tenant: 'acme' },
    }));
    expect(out.AuthenticationResult?.AccessToken).toBeDefined();
    expect(rig.events('PreTokenGeneration')).toHaveLength(before + 1);
    expect(lastEvent()).toEqual({
      ...envelope(client, '2', 'TokenGeneration_NewPasswordChallenge', 'newpass'),
      request: {
        userAttributes: { sub, email: 'newpass@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' },
        groupConfiguration: NO_GROUPS,
        scopes: ['aws.cognito.signin.user.admin'],
        clientMetadata: { tenant: 'acme' },
      },
      response: { claimsAndScopeOverrideDetails: null },
    });
  });

  it('TokenGeneration_RefreshTokens (V1_0): REFRESH_TOKEN_AUTH runs the function again', async () => {
    const client = pools.V1_0;
    await editor(client, 'refresher');
    const signedIn = await t.cognito.send(new InitiateAuthCommand({ ClientId: client.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'refresher', PASSWORD } }));
    await t.cognito.send(new InitiateAuthCommand({
      ClientId: client.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: signedIn.AuthenticationResult!.RefreshToken! },
    }));
    expect(lastEvent()).toEqual({
      ...envelope(client, '1', 'TokenGeneration_RefreshTokens', 'refresher'),
      request: { userAttributes: attributes('refresher'), groupConfiguration: editorGroups },
      response: { claimsOverrideDetails: null },
    });
  });

  it('TokenGeneration_AuthenticateDevice (V3_0): a remembered device\'s sign-in (amazon-cognito-identity-js)', async () => {
    const pool = await t.fixtures.pool({
      LambdaConfig: lambdaConfig('V3_0'), DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    });
    const client = { poolId: pool, ...(await t.fixtures.client(pool)) };
    await adminCreatedUser(t, pool, 'device-user', PASSWORD);
    const sub = (await t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool, Username: 'device-user' }))).UserAttributes!.find((a) => a.Name === 'sub')!.Value!;
    const signIn = () => new Promise<CognitoUserSession>((resolve, reject) => {
      const user = new CognitoUser({ Username: 'device-user', Pool: new CognitoUserPool({ UserPoolId: pool, ClientId: client.clientId, endpoint: t.url }) });
      user.authenticateUser(new AuthenticationDetails({ Username: 'device-user', Password: PASSWORD }), { onSuccess: resolve, onFailure: reject });
    });
    await signIn(); // 1. a new device, confirmed (and so remembered) by the library
    expect(lastEvent().triggerSource).toBe('TokenGeneration_Authentication');
    await signIn(); // 2. DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER, then the tokens
    expect(lastEvent()).toEqual({
      ...envelope(client, '3', 'TokenGeneration_AuthenticateDevice', 'device-user'),
      request: {
        userAttributes: { sub, 'cognito:user_status': 'CONFIRMED' },
        groupConfiguration: NO_GROUPS,
        // The library sends no ClientMetadata with DEVICE_PASSWORD_VERIFIER.
        scopes: ['aws.cognito.signin.user.admin'],
      },
      response: { claimsAndScopeOverrideDetails: null },
    });
  });

  it('TokenGeneration_HostedAuth (V2_0) at the code exchange, then TokenGeneration_RefreshTokens at the token endpoint', async () => {
    const pool = await oauthPool(t, { pool: { LambdaConfig: lambdaConfig('V2_0') } });
    const client = { poolId: pool.poolId, clientId: pool.clientId };
    await adminCreatedUser(t, pool.poolId, 'hosted', PASSWORD, [{ Name: 'email', Value: 'hosted@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    const sub = (await t.cognito.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: 'hosted' }))).UserAttributes!.find((a) => a.Name === 'sub')!.Value!;
    const callback = await signInThroughForm(new HttpBrowser(t.url), authorizeUrl(t, pool, { scope: 'openid email' }), 'hosted', PASSWORD);
    const code = new URL(callback.location!).searchParams.get('code')!;
    const before = rig.events('PreTokenGeneration').length;
    const token = (form: Record<string, string>) => fetch(`${t.url}/${pool.poolId}/oauth2/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ client_id: pool.clientId, ...form }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, string> }));
    const exchanged = await token({ grant_type: 'authorization_code', code, redirect_uri: CALLBACK });
    expect(exchanged.status).toBe(200);
    // Cognito: the Hosted UI's sign-in itself mints no token; the code exchange does.
    expect(rig.events('PreTokenGeneration')).toHaveLength(before + 1);
    const scopes = claimsOf(exchanged.body.access_token).scope.split(' ');
    expect([...scopes].sort()).toEqual(['email', 'openid']);
    const request = { userAttributes: { sub, email: 'hosted@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' }, groupConfiguration: NO_GROUPS, scopes };
    expect(lastEvent()).toEqual({ ...envelope(client, '2', 'TokenGeneration_HostedAuth', 'hosted'), request, response: { claimsAndScopeOverrideDetails: null } });

    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: exchanged.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(lastEvent()).toEqual({ ...envelope(client, '2', 'TokenGeneration_RefreshTokens', 'hosted'), request, response: { claimsAndScopeOverrideDetails: null } });
  });

  it('TokenGeneration_ClientCredentials (V3_0 only): the client, its scopes and aws_client_metadata', async () => {
    const machineToken = async (version: Version, metadata?: string) => {
      const pool = await oauthPool(t, { pool: { LambdaConfig: lambdaConfig(version) } });
      const machine = await t.fixtures.client(pool.poolId, {
        GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: [`${API}/read`],
      });
      const response = await fetch(`${t.url}/${pool.poolId}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${machine.clientId}:${machine.clientSecret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials', ...(metadata && { aws_client_metadata: metadata }) }),
      });
      expect(response.status).toBe(200);
      return { poolId: pool.poolId, clientId: machine.clientId };
    };
    // 1. V1_0 and V2_0 functions are not run for machine tokens.
    const before = rig.events('PreTokenGeneration').length;
    await machineToken('V1_0');
    await machineToken('V2_0');
    expect(rig.events('PreTokenGeneration')).toHaveLength(before);
    // 2. A V3_0 function is.
    const machine = await machineToken('V3_0', JSON.stringify({ job: 'nightly' }));
    expect(rig.events('PreTokenGeneration')).toHaveLength(before + 1);
    expect(lastEvent()).toEqual({
      ...envelope(machine, '3', 'TokenGeneration_ClientCredentials', null),
      request: { userAttributes: {}, groupConfiguration: NO_GROUPS, scopes: [`${API}/read`], clientMetadata: { job: 'nightly' } },
      response: { claimsAndScopeOverrideDetails: null },
    });
  });
});
