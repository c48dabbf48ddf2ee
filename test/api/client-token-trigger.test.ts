// PreTokenGeneration for GetClientToken's machine tokens: a V3_0 function receives the
// TokenGeneration_ClientCredentials event (the request's ClientMetadata included) and changes the
// token's claims and scopes; older versions are not run for machine tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetClientTokenCommand, type ExplicitAuthFlowsType } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startTriggerRig, type TriggerRig } from '../helpers/triggers.js';
import { claimsOf } from '../helpers/tokens.js';
import { API, oauthPool } from '../oauth/support.js';

const CLIENT_TOKEN_AUTH = 'ALLOW_CLIENT_TOKEN_AUTH' as ExplicitAuthFlowsType;

describe('GetClientToken and PreTokenGeneration', () => {
  let rig: TriggerRig;
  let t: TestServer;

  /** A pool whose PreTokenGeneration is `version`, and a machine client of it. */
  async function machineOf(version: 'V2_0' | 'V3_0') {
    const { poolId } = await oauthPool(t, { pool: { LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: version, LambdaArn: rig.arn('PreTokenGeneration') } } } });
    const client = await t.fixtures.client(poolId, {
      GenerateSecret: true, ExplicitAuthFlows: [CLIENT_TOKEN_AUTH], AllowedOAuthScopes: [`${API}/read`, `${API}/write`],
    });
    return { poolId, clientId: client.clientId, secret: client.clientSecret! };
  }

  beforeAll(async () => {
    rig = await startTriggerRig('webhook', ['PreTokenGeneration']);
    t = await startTestServer({ config: { triggers: rig.config } });
  });
  afterAll(async () => {
    await t.close();
    await rig.close();
  });

  it('runs a V3_0 function with the client, its scopes and ClientMetadata, and applies its changes', async () => {
    const machine = await machineOf('V3_0');
    rig.handle('PreTokenGeneration', (event) => ({
      ...event,
      response: {
        claimsAndScopeOverrideDetails: {
          accessTokenGeneration: {
            claimsToAddOrOverride: { tenant: event.request.clientMetadata.tenant, tier: 3, client_id: 'forged' },
            scopesToAdd: [`${API}/write`],
            scopesToSuppress: [`${API}/read`],
          },
        },
      },
    }));
    const before = rig.events('PreTokenGeneration').length;
    const { ClientAuthenticationResult: result } = await t.cognito.send(new GetClientTokenCommand({
      ClientId: machine.clientId, Secret: machine.secret, Scopes: [`${API}/read`], ClientMetadata: { tenant: 'acme' },
    }));
    // 1. The function received one TokenGeneration_ClientCredentials event, version 3, without a user.
    const events = rig.events('PreTokenGeneration');
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)).toEqual({
      version: '3', triggerSource: 'TokenGeneration_ClientCredentials', region: 'us-east-1', userPoolId: machine.poolId, userName: null,
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: machine.clientId },
      request: { userAttributes: {}, groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null }, scopes: [`${API}/read`], clientMetadata: { tenant: 'acme' } },
      response: { claimsAndScopeOverrideDetails: null },
    });
    // 2. Its claims and scopes are in the token; client_id stays Cognito's.
    const claims = claimsOf(result!.AccessToken!);
    expect(claims).toMatchObject({ tenant: 'acme', tier: 3, client_id: machine.clientId, sub: machine.clientId, scope: `${API}/write` });
  });

  it('does not run a V2_0 function for a machine token', async () => {
    const machine = await machineOf('V2_0');
    rig.handle('PreTokenGeneration', () => {
      throw new Error('a V2_0 function must not run for machine tokens');
    });
    const before = rig.events('PreTokenGeneration').length;
    const { ClientAuthenticationResult: result } = await t.cognito.send(new GetClientTokenCommand({ ClientId: machine.clientId, Secret: machine.secret }));
    expect(rig.events('PreTokenGeneration')).toHaveLength(before);
    expect(claimsOf(result!.AccessToken!).scope.split(' ').sort()).toEqual([`${API}/read`, `${API}/write`]);
  });

  it('answers the function failing as Cognito does, with no token', async () => {
    const machine = await machineOf('V3_0');
    rig.handle('PreTokenGeneration', () => {
      throw new Error('machine not allowed');
    });
    await expect(t.cognito.send(new GetClientTokenCommand({ ClientId: machine.clientId, Secret: machine.secret }))).rejects.toMatchObject({
      name: 'UserLambdaValidationException', message: 'PreTokenGeneration failed with error machine not allowed.',
    });
  });
});
