// GetTokensFromRefreshToken runs PreTokenGeneration as a refresh does (TokenGeneration_RefreshTokens),
// handing it the request's ClientMetadata, and a rotated session's tokens carry what it adds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { GetTokensFromRefreshTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startTriggerRig, type TriggerRig } from '../helpers/triggers.js';
import { confirmedUser, signIn } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';

describe('GetTokensFromRefreshToken and PreTokenGeneration', () => {
  let rig: TriggerRig;
  let t: TestServer;
  beforeAll(async () => {
    rig = await startTriggerRig('module', ['PreTokenGeneration']);
    t = await startTestServer({ config: { triggers: rig.config } });
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
  });

  it('runs the function as TokenGeneration_RefreshTokens with the ClientMetadata, on every rotation', async () => {
    rig.handle('PreTokenGeneration', (event) => ({
      ...event, response: { claimsOverrideDetails: { claimsToAddOrOverride: { tier: event.request.clientMetadata?.tier ?? 'none' } } },
    }));
    const app = await t.fixtures.poolWithClient(
      { LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V1_0', LambdaArn: rig.arn('PreTokenGeneration') } } },
      { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } },
    );
    await confirmedUser(t, app, 'trig-ana', PASSWORD);
    const tokens = await signIn(t, app, 'trig-ana', PASSWORD);
    const rotated = (await t.cognito.send(new GetTokensFromRefreshTokenCommand({
      ClientId: app.clientId, RefreshToken: tokens.RefreshToken!, ClientMetadata: { tier: 'gold' },
    }))).AuthenticationResult!;
    const event = rig.events('PreTokenGeneration').at(-1)!;
    expect(event).toMatchObject({ triggerSource: 'TokenGeneration_RefreshTokens', userName: 'trig-ana', request: { clientMetadata: { tier: 'gold' } } });
    expect(decodeJwt(rotated.IdToken!).tier).toBe('gold');
    const again = (await t.cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: app.clientId, RefreshToken: rotated.RefreshToken! }))).AuthenticationResult!;
    expect(decodeJwt(again.IdToken!).tier).toBe('none');
    expect(rig.events('PreTokenGeneration').at(-1)!.request.clientMetadata).toBeUndefined();
  });
});
