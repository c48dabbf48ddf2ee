// What PreTokenGeneration's answer does to the tokens, verified with aws-jwt-verify against the
// pool's JWKS: V1_0 edits the ID token and the groups; V2_0 / V3_0 edit each token and the access
// token's scopes; claims Cognito owns stay as they were; a refresh runs the function again; the
// Hosted UI's tokens (code and implicit) are edited too, userInfo is not; LambdaConfig's two members.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminAddUserToGroupCommand,
  CreateGroupCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  UpdateUserPoolCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startTriggerRig, type Event, type TriggerRig } from '../helpers/triggers.js';
import { adminCreatedUser, type AppClient } from '../helpers/users.js';
import { API, CALLBACK, HttpBrowser, authorizeUrl, oauthPool, signInThroughForm, type OAuthPool } from '../oauth/support.js';
import { errorOf } from '../helpers/errors.js';

const PASSWORD = 'Corr3ct-Horse!';
const ROLE_A = 'arn:aws:iam::123456789012:role/a';
const ROLE_B = 'arn:aws:iam::123456789012:role/b';
type Version = 'V1_0' | 'V2_0' | 'V3_0';


describe('PreTokenGeneration\'s answer', () => {
  let rig: TriggerRig;
  let t: TestServer;
  const arn = () => rig.arn('PreTokenGeneration');
  const lambdaConfig = (version: Version) => ({ PreTokenGenerationConfig: { LambdaVersion: version, LambdaArn: arn() } });

  beforeAll(async () => {
    rig = await startTriggerRig('module', ['PreTokenGeneration']);
    // Tokens with Cognito's issuer, so that CognitoJwtVerifier checks them as it checks Cognito's.
    t = await startTestServer({ config: { triggers: rig.config, tokens: { issuerMode: 'aws' } } });
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
  });

  /** A pool whose function is `version`, a user "ana" with an email in group "a" (role A); the verifiers of its tokens. */
  async function poolWith(version: Version) {
    const client = await t.fixtures.poolWithClient({ LambdaConfig: lambdaConfig(version) });
    await t.cognito.send(new CreateGroupCommand({ UserPoolId: client.poolId, GroupName: 'a', RoleArn: ROLE_A, Precedence: 1 }));
    await adminCreatedUser(t, client.poolId, 'ana', PASSWORD, [{ Name: 'email', Value: 'ana@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    await t.cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: client.poolId, Username: 'ana', GroupName: 'a' }));
    return { client, ...(await verifiers(client)) };
  }

  async function verifiers(client: AppClient) {
    const jwks = await (await fetch(`${t.url}/${client.poolId}/.well-known/jwks.json`)).json();
    const id = CognitoJwtVerifier.create({ userPoolId: client.poolId, tokenUse: 'id', clientId: client.clientId });
    const access = CognitoJwtVerifier.create({ userPoolId: client.poolId, tokenUse: 'access', clientId: client.clientId });
    id.cacheJwks(jwks as any);
    access.cacheJwks(jwks as any);
    const verify = async (verifier: typeof id | typeof access, token: string): Promise<Record<string, any>> =>
      verifier.verify(token) as Promise<Record<string, any>>;
    return {
      idClaims: (tokens: AuthenticationResultType) => verify(id, tokens.IdToken!),
      accessClaims: (tokens: AuthenticationResultType) => verify(access, tokens.AccessToken!),
    };
  }

  const signIn = async (client: AppClient) => (await t.cognito.send(new InitiateAuthCommand({
    ClientId: client.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD },
  }))).AuthenticationResult!;
  const refresh = async (client: AppClient, token: string) => (await t.cognito.send(new InitiateAuthCommand({
    ClientId: client.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: token },
  }))).AuthenticationResult!;
  const answer = (response: Record<string, unknown>) => rig.handle('PreTokenGeneration', (event: Event) => ({ ...event, response }));

  it('V1_0: claimsToAddOrOverride and claimsToSuppress edit the ID token only; groupOverrideDetails replaces the group claims', async () => {
    const { client, idClaims, accessClaims } = await poolWith('V1_0');
    answer({
      claimsOverrideDetails: {
        claimsToAddOrOverride: { tenant: 'acme', email: 'other@example.com', sub: 'forged', aud: 'forged', 'cognito:groups': 'forged' },
        claimsToSuppress: ['email_verified', 'iss', 'cognito:username'],
        groupOverrideDetails: { groupsToOverride: ['x', 'y'], iamRolesToOverride: [ROLE_B], preferredRole: ROLE_B },
      },
    });
    const tokens = await signIn(client);
    const id = await idClaims(tokens);
    expect(id).toMatchObject({
      tenant: 'acme', email: 'other@example.com', 'cognito:username': 'ana', aud: client.clientId,
      'cognito:groups': ['x', 'y'], 'cognito:roles': [ROLE_B], 'cognito:preferred_role': ROLE_B,
    });
    expect(id.sub).not.toBe('forged');
    expect(id).not.toHaveProperty('email_verified');
    expect(id.iss).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${client.poolId}`);
    const access = await accessClaims(tokens);
    expect(access['cognito:groups']).toEqual(['x', 'y']);
    expect(access).not.toHaveProperty('tenant');
    expect(access.scope).toBe('aws.cognito.signin.user.admin');
  });

  it('V1_0: an empty group override removes the group claims; values that are not strings are refused', async () => {
    const { client, idClaims, accessClaims } = await poolWith('V1_0');
    answer({ claimsOverrideDetails: { groupOverrideDetails: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null } } });
    const tokens = await signIn(client);
    const id = await idClaims(tokens);
    expect(id).not.toHaveProperty('cognito:groups');
    expect(id).not.toHaveProperty('cognito:roles');
    expect(id).not.toHaveProperty('cognito:preferred_role');
    expect(await accessClaims(tokens)).not.toHaveProperty('cognito:groups');

    answer({ claimsOverrideDetails: { claimsToAddOrOverride: { level: 3 } } });
    expect(await errorOf(signIn(client))).toEqual({ name: 'InvalidLambdaResponseException', message: 'Unrecognizable lambda output' });
  });

  it('V2_0: each token is edited on its own, with JSON values, and the access token\'s scopes change', async () => {
    const { client, idClaims, accessClaims } = await poolWith('V2_0');
    answer({
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { plan: 'gold', seats: 5, beta: true, tags: ['a', 'b'], org: { id: 7 } }, claimsToSuppress: ['email'] },
        accessTokenGeneration: {
          claimsToAddOrOverride: { 'https://aws.amazon.com/tags': { principal_tags: { team: ['red'] } }, client_id: 'forged', username: 'forged', scope: 'admin' },
          claimsToSuppress: ['auth_time', 'plan'],
          scopesToAdd: [`${API}/read`, 'openid'],
          scopesToSuppress: ['aws.cognito.signin.user.admin'],
        },
        groupOverrideDetails: { groupsToOverride: ['b'] },
      },
    });
    const tokens = await signIn(client);
    const id = await idClaims(tokens);
    expect(id).toMatchObject({ plan: 'gold', seats: 5, beta: true, tags: ['a', 'b'], org: { id: 7 }, 'cognito:groups': ['b'] });
    // The override replaces all three group claims: roles it leaves out are gone.
    expect(id).not.toHaveProperty('cognito:roles');
    expect(id).not.toHaveProperty('email');
    expect(id).not.toHaveProperty('https://aws.amazon.com/tags');
    const access = await accessClaims(tokens);
    expect(access).toMatchObject({ 'https://aws.amazon.com/tags': { principal_tags: { team: ['red'] } }, client_id: client.clientId, username: 'ana', 'cognito:groups': ['b'] });
    expect(typeof access.auth_time).toBe('number');
    expect(access).not.toHaveProperty('plan');
    expect(access.scope.split(' ')).toEqual([`${API}/read`, 'openid']);
  });

  it('V2_0: a claim both added and suppressed is suppressed; array or object values for the verified flags are refused', async () => {
    const { client, idClaims } = await poolWith('V2_0');
    answer({ claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToAddOrOverride: { nickname: 'a' }, claimsToSuppress: ['nickname'] } } });
    expect(await idClaims(await signIn(client))).not.toHaveProperty('nickname');
    answer({ claimsAndScopeOverrideDetails: { idTokenGeneration: { claimsToAddOrOverride: { email_verified: ['yes'] } } } });
    expect((await errorOf(signIn(client))).name).toBe('InvalidLambdaResponseException');
  });

  it('a refresh runs the function again on the original grant\'s scopes', async () => {
    const { client, accessClaims, idClaims } = await poolWith('V2_0');
    let calls = 0;
    rig.handle('PreTokenGeneration', (event: Event) => ({
      ...event,
      response: {
        claimsAndScopeOverrideDetails: {
          idTokenGeneration: { claimsToAddOrOverride: { call: String(++calls) } },
          accessTokenGeneration: { scopesToAdd: [`${API}/${event.triggerSource === 'TokenGeneration_RefreshTokens' ? 'write' : 'read'}`] },
        },
      },
    }));
    const first = await signIn(client);
    expect((await accessClaims(first)).scope).toBe(`aws.cognito.signin.user.admin ${API}/read`);
    const refreshed = await refresh(client, first.RefreshToken!);
    expect(await idClaims(refreshed)).toMatchObject({ call: '2' });
    expect(rig.events('PreTokenGeneration').at(-1)!.request.scopes).toEqual(['aws.cognito.signin.user.admin']);
    expect((await accessClaims(refreshed)).scope).toBe(`aws.cognito.signin.user.admin ${API}/write`);
  });

  it('a function that fails refuses the sign-in with UserLambdaValidationException', async () => {
    const { client } = await poolWith('V1_0');
    rig.handle('PreTokenGeneration', () => {
      throw new Error('No tokens today');
    });
    expect(await errorOf(signIn(client))).toEqual({ name: 'UserLambdaValidationException', message: 'PreTokenGeneration failed with error No tokens today.' });
  });

  describe('through the Hosted UI and the token endpoint', () => {
    let pool: OAuthPool;
    beforeAll(async () => {
      pool = await oauthPool(t, { pool: { LambdaConfig: lambdaConfig('V3_0') } });
      await adminCreatedUser(t, pool.poolId, 'hana', PASSWORD, [{ Name: 'email', Value: 'hana@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    });
    const edits = {
      claimsAndScopeOverrideDetails: {
        idTokenGeneration: { claimsToAddOrOverride: { email: 'edited@example.com', tier: 'pro' } },
        accessTokenGeneration: { claimsToAddOrOverride: { tier: 'pro' }, scopesToSuppress: ['profile'] },
      },
    };

    it('the code flow\'s tokens are edited, and userInfo still answers the user\'s own attributes', async () => {
      answer(edits);
      const callback = await signInThroughForm(new HttpBrowser(t.url), authorizeUrl(t, pool, { scope: 'openid email profile' }), 'hana', PASSWORD);
      const response = await fetch(`${t.url}/${pool.poolId}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: pool.clientId, code: new URL(callback.location!).searchParams.get('code')!, redirect_uri: CALLBACK }),
      });
      const body = (await response.json()) as Record<string, string>;
      const { idClaims, accessClaims } = await verifiers(pool);
      expect(await idClaims({ IdToken: body.id_token })).toMatchObject({ email: 'edited@example.com', tier: 'pro' });
      const access = await accessClaims({ AccessToken: body.access_token });
      expect(access).toMatchObject({ tier: 'pro', scope: 'openid email' });
      // Cognito: userInfo answers from the user's attributes, not from the function's claims.
      const info = (await (await fetch(`${t.url}/${pool.poolId}/oauth2/userInfo`, { headers: { authorization: `Bearer ${body.access_token}` } })).json()) as Record<string, unknown>;
      expect(info.email).toBe('hana@example.com');
      expect(info).not.toHaveProperty('tier');
    });

    it('the implicit flow\'s tokens are edited (TokenGeneration_HostedAuth)', async () => {
      answer(edits);
      const callback = await signInThroughForm(new HttpBrowser(t.url), authorizeUrl(t, pool, { response_type: 'token', scope: 'openid profile' }), 'hana', PASSWORD);
      const fragment = new URLSearchParams(new URL(callback.location!).hash.slice(1));
      const { idClaims, accessClaims } = await verifiers(pool);
      expect(await idClaims({ IdToken: fragment.get('id_token')! })).toMatchObject({ email: 'edited@example.com' });
      expect(await accessClaims({ AccessToken: fragment.get('access_token')! })).toMatchObject({ tier: 'pro', scope: 'openid' });
      expect(rig.events('PreTokenGeneration').at(-1)!.triggerSource).toBe('TokenGeneration_HostedAuth');
    });

    it('a V3_0 function edits client_credentials tokens; aws_client_metadata must be a JSON object of strings', async () => {
      const machine = await t.fixtures.client(pool.poolId, {
        GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: [`${API}/read`, `${API}/write`],
      });
      rig.handle('PreTokenGeneration', (event: Event) => ({
        ...event,
        response: { claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: { job: event.request.clientMetadata.job, sub: 'forged' }, scopesToSuppress: [`${API}/write`] } } },
      }));
      const token = (metadata: string) => fetch(`${t.url}/${pool.poolId}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${machine.clientId}:${machine.clientSecret}`).toString('base64')}` },
        body: new URLSearchParams({ grant_type: 'client_credentials', aws_client_metadata: metadata }),
      });
      const ok = await token(JSON.stringify({ job: 'nightly' }));
      const { access_token } = (await ok.json()) as Record<string, string>;
      const { accessClaims } = await verifiers({ poolId: pool.poolId, clientId: machine.clientId });
      expect(await accessClaims({ AccessToken: access_token })).toMatchObject({ job: 'nightly', sub: machine.clientId, scope: `${API}/read` });
      for (const bad of ['not json', '["a"]', '{"n":1}']) {
        const refused = await token(bad);
        expect(refused.status).toBe(400);
        expect(await refused.json()).toMatchObject({ error: 'invalid_request' });
      }
    });
  });

  describe('LambdaConfig', () => {
    const lambdaConfigOf = async (poolId: string) => (await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.LambdaConfig;

    it('keeps PreTokenGeneration and PreTokenGenerationConfig in step', async () => {
      const legacy = await t.fixtures.pool({ LambdaConfig: { PreTokenGeneration: arn() } });
      expect(await lambdaConfigOf(legacy)).toEqual({ PreTokenGeneration: arn(), PreTokenGenerationConfig: { LambdaVersion: 'V1_0', LambdaArn: arn() } });
      const versioned = await t.fixtures.pool({ LambdaConfig: lambdaConfig('V2_0') });
      expect(await lambdaConfigOf(versioned)).toEqual({ PreTokenGeneration: arn(), PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: arn() } });
      await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: versioned, LambdaConfig: { PreTokenGeneration: arn(), ...lambdaConfig('V3_0') } }));
      expect((await lambdaConfigOf(versioned))!.PreTokenGenerationConfig).toEqual({ LambdaVersion: 'V3_0', LambdaArn: arn() });
    });

    it('refuses two different functions, an unknown LambdaVersion, and a PreTokenGenerationConfig without LambdaArn', async () => {
      const other = 'arn:aws:lambda:us-east-1:123456789012:function:other';
      const create = (LambdaConfig: Record<string, unknown>) => errorOf(t.fixtures.pool({ LambdaConfig } as any));
      expect(await create({ PreTokenGeneration: other, ...lambdaConfig('V2_0') })).toMatchObject({ name: 'InvalidParameterException' });
      expect(await create({ PreTokenGenerationConfig: { LambdaVersion: '$LATEST', LambdaArn: arn() } })).toEqual({
        name: 'InvalidParameterException',
        message: "1 validation error detected: Value '$LATEST' at 'lambdaConfig.preTokenGenerationConfig.lambdaVersion' failed to satisfy constraint: Member must satisfy enum value set: [V1_0, V2_0, V3_0]",
      });
      expect(await create({ PreTokenGenerationConfig: { LambdaVersion: 'V1_0' } })).toMatchObject({ name: 'InvalidParameterException' });
      const poolId = await t.fixtures.pool({ LambdaConfig: lambdaConfig('V1_0') });
      expect(await errorOf(t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: poolId, LambdaConfig: { PreTokenGeneration: other, ...lambdaConfig('V1_0') } })))).toMatchObject({ name: 'InvalidParameterException' });
      expect((await lambdaConfigOf(poolId))!.PreTokenGenerationConfig).toEqual({ LambdaVersion: 'V1_0', LambdaArn: arn() });
    });
  });
});
