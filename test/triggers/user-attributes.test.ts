// The userAttributes every trigger receives: strings, sub, cognito:user_status, and the alias
// pseudo-attributes for an email or phone that signs the user in. Seen through PreTokenGeneration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminUpdateUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startTriggerRig, type TriggerRig } from '../helpers/triggers.js';
import { adminCreatedUser, signIn } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';
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

const lastAttributes = () => rig.events('PreTokenGeneration').at(-1)!.request.userAttributes;

describe('userAttributes in trigger events', () => {
  it('an email username attribute is cognito:email_alias, verified or not', async () => {
    const client = await t.fixtures.poolWithClient({ UsernameAttributes: ['email'], LambdaConfig: { PreTokenGeneration: rig.arn('PreTokenGeneration') } });
    await adminCreatedUser(t, client.poolId, 'ana@example.com', PASSWORD, [{ Name: 'email', Value: 'ana@example.com' }]);
    await signIn(t, client, 'ana@example.com', PASSWORD);
    const attributes = lastAttributes();
    expect(attributes).toEqual({
      sub: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: 'ana@example.com',
      'cognito:email_alias': 'ana@example.com',
      'cognito:user_status': 'CONFIRMED',
    });
    expect(Object.values(attributes).every((value) => typeof value === 'string')).toBe(true);
  });

  it('an alias attribute is a pseudo-attribute only once verified', async () => {
    const client = await t.fixtures.poolWithClient({ AliasAttributes: ['email', 'phone_number'], LambdaConfig: { PreTokenGeneration: rig.arn('PreTokenGeneration') } });
    await adminCreatedUser(t, client.poolId, 'bo', PASSWORD, [
      { Name: 'email', Value: 'bo@example.com' }, { Name: 'email_verified', Value: 'true' },
      { Name: 'phone_number', Value: '+15555550123' },
    ]);
    await signIn(t, client, 'bo', PASSWORD);
    expect(lastAttributes()).toEqual({
      sub: expect.any(String),
      email: 'bo@example.com',
      email_verified: 'true',
      phone_number: '+15555550123',
      'cognito:email_alias': 'bo@example.com',
      'cognito:user_status': 'CONFIRMED',
    });
    await t.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: client.poolId, Username: 'bo', UserAttributes: [{ Name: 'phone_number_verified', Value: 'true' }] }));
    await signIn(t, client, 'bo', PASSWORD);
    expect(lastAttributes()).toMatchObject({ phone_number_verified: 'true', 'cognito:phone_number_alias': '+15555550123' });
  });
});
