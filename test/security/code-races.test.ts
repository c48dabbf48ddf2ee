// One-time codes under concurrency: a code is accepted once, and the wrong-attempt limit bounds
// how many guesses are ever compared, however many arrive at the same moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ForgotPasswordCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { confirmedUser } from '../helpers/users.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

/** A public operation over plain fetch (many connections at once, as a scripted attacker would). */
async function call(operation: string, body: object): Promise<string> {
  const response = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}` },
    body: JSON.stringify(body),
  });
  return response.ok ? 'ok' : ((await response.json()) as { __type: string }).__type;
}
const wrongCode = (code: string, i: number) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');

describe('one-time codes under concurrency', () => {
  it('accepts a password reset code once when it is sent many times at the same moment', async () => {
    const client = await t.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'] });
    await confirmedUser(t, client, 'race-reset', 'Passw0rd!first', { email: 'race-reset@example.com' });
    await t.cognito.send(new ForgotPasswordCommand({ ClientId: client.clientId, Username: 'race-reset' }));
    const code = (await t.latestCode(client.poolId, 'race-reset'))!;
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => call('ConfirmForgotPassword', {
      ClientId: client.clientId, Username: 'race-reset', ConfirmationCode: code, Password: `Passw0rd!new${i}`,
    })));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
  });

  it('refuses a right sign-up code that arrives in a burst behind more wrong guesses than the attempt limit', async () => {
    const client = await t.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'] });
    await t.cognito.send(new SignUpCommand({
      ClientId: client.clientId, Username: 'race-guess', Password: 'Passw0rd!first', UserAttributes: [{ Name: 'email', Value: 'race-guess@example.com' }],
    }));
    const code = (await t.latestCode(client.poolId, 'race-guess'))!;
    const confirm = (c: string) => call('ConfirmSignUp', { ClientId: client.clientId, Username: 'race-guess', ConfirmationCode: c });
    const guesses = Array.from({ length: 60 }, (_, i) => wrongCode(code, i));
    const results = await Promise.all([...guesses.map((g) => confirm(g)), confirm(code)]);
    // Five attempts per code: at most five guesses were compared, the rest refused unread.
    expect(results.filter((r) => r === 'CodeMismatchException' || r === 'ok').length).toBeLessThanOrEqual(5);
    expect(results.at(-1)).toBe('LimitExceededException');
  });

  it('answers an expired code as expired however often it is tried, without spending attempts on it', async () => {
    const client = await t.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'] });
    await call('SignUp', { ClientId: client.clientId, Username: 'race-late', Password: 'Passw0rd!first', UserAttributes: [{ Name: 'email', Value: 'late@example.com' }] });
    const code = (await t.latestCode(client.poolId, 'race-late'))!;
    t.clock.advance(25 * 3600_000);
    const results: string[] = [];
    for (let i = 0; i < 7; i++) results.push(await call('ConfirmSignUp', { ClientId: client.clientId, Username: 'race-late', ConfirmationCode: code }));
    expect(new Set(results)).toEqual(new Set(['ExpiredCodeException']));
  });
});
