// Cognito's username pattern, [\p{L}\p{M}\p{S}\p{N}\p{P}]+, applied the same way by every operation
// that creates or names a user: letters, marks, symbols, numbers and punctuation of any script pass;
// spaces, controls and format characters such as U+202E (the bidirectional override) are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSchema } from '@sinclair/typebox';
import { AdminCreateUserCommand, AdminGetUserCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { operations } from '../../src/api/registry.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { call, knownValues, sample, world } from '../helpers/operation-samples.js';

const PATTERN_ERROR = "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+";
const REFUSED = ['evil\u202Egpj.exe', 'two words', 'tab\tname', 'zero\u200Bwidth', '\u2066isolate'];

describe('usernames', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { admin: { requireSignature: false } } });
  });
  afterAll(() => t.close());

  it('refuses U+202E and other characters outside the pattern in AdminCreateUser and SignUp alike, through the SDK', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    for (const username of REFUSED) {
      await expect(t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: PATTERN_ERROR });
      await expect(t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: 'Passw0rd!' })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: PATTERN_ERROR });
    }
  });

  it('accepts letters, marks, symbols, numbers and punctuation of any script', async () => {
    const { poolId } = await t.fixtures.poolWithClient();
    for (const username of ['José', 'ユーザー', 'user+tag@example.com', 'a.b-c_d', '€$', 'نام', '..']) {
      await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS' }));
      const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
      expect(user.Username).toBe(username);
    }
  });

  it('refuses an email username holding U+202E in a pool whose usernames are email addresses', async () => {
    const { poolId } = await t.fixtures.poolWithClient({ UsernameAttributes: ['email'] });
    await expect(t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'moc.elpmaxe@\u202Eana', MessageAction: 'SUPPRESS' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: PATTERN_ERROR });
  });

  it('applies the same rule to the Username of every operation that takes one', async () => {
    const named = [...operations.values()].filter((operation) => 'Username' in ((operation.input as any).properties ?? {}));
    expect(named.map((operation) => operation.name)).toEqual(expect.arrayContaining(['AdminCreateUser', 'SignUp', 'AdminGetUser', 'ConfirmSignUp', 'ForgotPassword', 'AdminAddUserToGroup']));
    const w = await world(t.cognito);
    const known = await knownValues(t.cognito, w, 'sweep-user');
    for (const operation of named) {
      const body = sample(operation.input as TSchema, known, false).absent as Record<string, unknown>;
      const answer = await call(t.url, operation.name, { ...body, Username: 'evil\u202Egpj.exe' });
      expect({ operation: operation.name, type: answer.type, message: answer.message }).toEqual({ operation: operation.name, type: 'InvalidParameterException', message: PATTERN_ERROR });
    }
  });
});
