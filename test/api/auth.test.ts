// Password sign-in, refresh, SECRET_HASH, user-existence hiding, lockout, aliases, case folding
// and sign-up races, all through the AWS SDK.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminConfirmSignUpCommand,
  AdminInitiateAuthCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type AuthFlowType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { claimsOf } from '../helpers/tokens.js';
import { confirmedUser, secretHash } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';


describe('auth flows', () => {
  let t: TestServer;

  const initiate = (clientId: string, flow: AuthFlowType, parameters: Record<string, string>) =>
    t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: flow, AuthParameters: parameters }));
  const passwordAuth = (clientId: string, username: string, password = PASSWORD, extra: Record<string, string> = {}) =>
    initiate(clientId, 'USER_PASSWORD_AUTH', { USERNAME: username, PASSWORD: password, ...extra });

  beforeAll(async () => {
    // The race tests below send up to 50 password requests at once from one client: room for them
    // all (admission per source is test/security/password-flood.test.ts's subject).
    t = await startTestServer({ config: { security: { maxQueuedPasswordHashesPerSource: 128 } } });
  });
  afterAll(() => t.close());

  describe('password sign-in', () => {
    it('signs in with USER_PASSWORD_AUTH and returns ID, access and refresh tokens', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient();
      const sub = await confirmedUser(t, { poolId, clientId }, 'ana', PASSWORD);
      const out = await passwordAuth(clientId, 'ana');
      expect(out.ChallengeName).toBeUndefined();
      expect(out.ChallengeParameters).toEqual({});
      expect(out.AuthenticationResult).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
      expect(out.AuthenticationResult!.RefreshToken).toMatch(/\S{20,}/);
      expect(claimsOf(out.AuthenticationResult!.IdToken!)).toMatchObject({ sub, 'cognito:username': 'ana', aud: clientId, token_use: 'id' });
      expect(claimsOf(out.AuthenticationResult!.AccessToken!)).toMatchObject({ sub, username: 'ana', client_id: clientId, token_use: 'access' });
    });

    it('signs in with ADMIN_USER_PASSWORD_AUTH (and its legacy name ADMIN_NO_SRP_AUTH)', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient();
      await confirmedUser(t, { poolId, clientId }, 'bo', PASSWORD);
      for (const flow of ['ADMIN_USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'] as const) {
        const out = await t.cognito.send(new AdminInitiateAuthCommand({
          UserPoolId: poolId, ClientId: clientId, AuthFlow: flow, AuthParameters: { USERNAME: 'bo', PASSWORD },
        }));
        expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
        expect(out.AuthenticationResult?.RefreshToken).toBeTruthy();
      }
    });

    it('refuses ADMIN_USER_PASSWORD_AUTH on InitiateAuth and a client of another pool on AdminInitiateAuth', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient();
      await confirmedUser(t, { poolId, clientId }, 'cy', PASSWORD);
      await expect(initiate(clientId, 'ADMIN_USER_PASSWORD_AUTH', { USERNAME: 'cy', PASSWORD }))
        .rejects.toMatchObject({ name: 'InvalidParameterException' });
      const otherPool = await t.fixtures.pool();
      await expect(t.cognito.send(new AdminInitiateAuthCommand({
        UserPoolId: otherPool, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'cy', PASSWORD },
      }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it('answers a flow the client does not allow with InvalidParameterException', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient({}, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      await confirmedUser(t, { poolId, clientId }, 'dee', PASSWORD);
      await expect(passwordAuth(clientId, 'dee')).rejects.toMatchObject({
        name: 'InvalidParameterException', message: 'USER_PASSWORD_AUTH flow not enabled for this client',
      });
      await expect(t.cognito.send(new AdminInitiateAuthCommand({
        UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'dee', PASSWORD },
      }))).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'ADMIN_USER_PASSWORD_AUTH flow not enabled for this client' });
    });

    it('answers missing USERNAME or PASSWORD with InvalidParameterException', async () => {
      const { clientId } = await t.fixtures.poolWithClient();
      await expect(initiate(clientId, 'USER_PASSWORD_AUTH', { USERNAME: 'x' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(initiate(clientId, 'USER_PASSWORD_AUTH', { PASSWORD })).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('refuses an unconfirmed user only after a correct password, then admits them once confirmed', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient();
      await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'eve', Password: PASSWORD }));
      await expect(passwordAuth(clientId, 'eve', 'Wrong-pass1')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      await expect(passwordAuth(clientId, 'eve')).rejects.toMatchObject({ name: 'UserNotConfirmedException', message: 'User is not confirmed.' });
      await t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'eve' }));
      expect((await passwordAuth(clientId, 'eve')).AuthenticationResult?.AccessToken).toBeTruthy();
    });
  });

  describe('refresh', () => {
    it('refreshes with REFRESH_TOKEN_AUTH and REFRESH_TOKEN: no new refresh token, auth_time and origin_jti kept', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient();
      await confirmedUser(t, { poolId, clientId }, 'fay', PASSWORD);
      const first = (await passwordAuth(clientId, 'fay')).AuthenticationResult!;
      const original = claimsOf(first.IdToken!);
      t.clock.advance(2_000);
      for (const flow of ['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN'] as const) {
        const out = await initiate(clientId, flow, { REFRESH_TOKEN: first.RefreshToken! });
        const result = out.AuthenticationResult!;
        expect(result.RefreshToken).toBeUndefined();
        expect(result).toMatchObject({ TokenType: 'Bearer', ExpiresIn: 3600 });
        const id = claimsOf(result.IdToken!);
        const access = claimsOf(result.AccessToken!);
        for (const claims of [id, access]) {
          expect(claims.auth_time).toBe(original.auth_time);
          expect(claims.origin_jti).toBe(original.origin_jti);
          expect(claims.jti).not.toBe(original.jti);
          expect(claims.iat).toBeGreaterThan(original.iat);
        }
        expect(id.event_id).toBe(access.event_id);
        expect(id.event_id).not.toBe(original.event_id);
      }
      const viaAdmin = await t.cognito.send(new AdminInitiateAuthCommand({
        UserPoolId: poolId, ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: first.RefreshToken! },
      }));
      expect(viaAdmin.AuthenticationResult?.AccessToken).toBeTruthy();
    });

    it('refuses a refresh token presented by another client of the same pool', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient();
      const { clientId: otherClient } = await t.fixtures.client(poolId);
      await confirmedUser(t, { poolId, clientId }, 'gus', PASSWORD);
      const { RefreshToken } = (await passwordAuth(clientId, 'gus')).AuthenticationResult!;
      await expect(initiate(otherClient, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: RefreshToken! }))
        .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    });

    it('refuses a refresh token that was never issued', async () => {
      const { clientId } = await t.fixtures.poolWithClient();
      for (const token of ['nonsense', 'a.b.c.d.e', 'x'.repeat(2000)]) {
        await expect(initiate(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: token }))
          .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
      }
    });

    it('refuses refresh on a client that does not allow it', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient({}, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] });
      await confirmedUser(t, { poolId, clientId }, 'hal', PASSWORD);
      const result = (await passwordAuth(clientId, 'hal')).AuthenticationResult!;
      await expect(initiate(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: result.RefreshToken! })).rejects.toMatchObject({
        name: 'InvalidParameterException', message: 'REFRESH_TOKEN_AUTH flow not enabled for this client',
      });
    });
  });

  describe('SECRET_HASH', () => {
    it('requires, checks and accepts SECRET_HASH for a client with a secret', async () => {
      const { poolId, clientId, clientSecret } = await t.fixtures.poolWithClient({}, { GenerateSecret: true });
      expect(clientSecret).toBeTruthy();
      await confirmedUser(t, { poolId, clientId, clientSecret }, 'ida', PASSWORD);
      await expect(passwordAuth(clientId, 'ida')).rejects.toMatchObject({
        name: 'NotAuthorizedException', message: `Client ${clientId} is configured for secret but secret was not received`,
      });
      await expect(passwordAuth(clientId, 'ida', PASSWORD, { SECRET_HASH: secretHash({ clientId, clientSecret: 'wrong-secret' }, 'ida')! })).rejects.toMatchObject({
        name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${clientId}`,
      });
      await expect(passwordAuth(clientId, 'ida', PASSWORD, { SECRET_HASH: secretHash({ clientId, clientSecret }, 'other')! })).rejects.toMatchObject({
        name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${clientId}`,
      });
      const out = await passwordAuth(clientId, 'ida', PASSWORD, { SECRET_HASH: secretHash({ clientId, clientSecret }, 'ida')! });
      expect(out.AuthenticationResult?.RefreshToken).toBeTruthy();
    });

    it('checks SECRET_HASH before the user lookup, so an unknown user with a bad hash learns nothing', async () => {
      const { clientId } = await t.fixtures.poolWithClient({}, { GenerateSecret: true });
      await expect(passwordAuth(clientId, 'nobody')).rejects.toMatchObject({
        name: 'NotAuthorizedException', message: `Client ${clientId} is configured for secret but secret was not received`,
      });
    });

    it('on refresh, checks SECRET_HASH over the internal username (the sub in an email-username pool)', async () => {
      const { poolId, clientId, clientSecret } = await t.fixtures.poolWithClient({ UsernameAttributes: ['email'] }, { GenerateSecret: true });
      const sub = await confirmedUser(t, { poolId, clientId, clientSecret }, 'jo@example.com', PASSWORD);
      const first = (await passwordAuth(clientId, 'jo@example.com', PASSWORD, { SECRET_HASH: secretHash({ clientId, clientSecret }, 'jo@example.com')! })).AuthenticationResult!;
      expect(claimsOf(first.AccessToken!).username).toBe(sub);
      await expect(initiate(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: first.RefreshToken! })).rejects.toMatchObject({
        name: 'NotAuthorizedException', message: `Client ${clientId} is configured for secret but secret was not received`,
      });
      await expect(initiate(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: first.RefreshToken!, SECRET_HASH: secretHash({ clientId, clientSecret: 'nope' }, sub)! }))
        .rejects.toMatchObject({ name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${clientId}` });
      const out = await initiate(clientId, 'REFRESH_TOKEN_AUTH', { REFRESH_TOKEN: first.RefreshToken!, SECRET_HASH: secretHash({ clientId, clientSecret }, sub)! });
      expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
      expect(out.AuthenticationResult?.RefreshToken).toBeUndefined();
    });
  });

  describe('PreventUserExistenceErrors', () => {
    it('LEGACY: an unknown user gets UserNotFoundException', async () => {
      const { clientId } = await t.fixtures.poolWithClient({}, { PreventUserExistenceErrors: 'LEGACY' });
      await expect(passwordAuth(clientId, 'ghost')).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
    });

    it('ENABLED: an unknown user gets the same NotAuthorizedException as a wrong password', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient({}, { PreventUserExistenceErrors: 'ENABLED' });
      await confirmedUser(t, { poolId, clientId }, 'kim', PASSWORD);
      const unknown = await passwordAuth(clientId, 'ghost').catch((e) => e);
      const wrong = await passwordAuth(clientId, 'kim', 'Wrong-pass1').catch((e) => e);
      expect(unknown).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      expect(wrong).toMatchObject({ name: unknown.name, message: unknown.message });
      expect(wrong.$metadata.httpStatusCode).toBe(unknown.$metadata.httpStatusCode);
    });
  });

  describe('lockout', () => {
    it('locks after 5 failures for 1 s, then 2 s, refusing even the right password during the lock, without counting it', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient();
      await confirmedUser(t, { poolId, clientId }, 'lou', PASSWORD);
      const wrong = () => passwordAuth(clientId, 'lou', 'Wrong-pass1');
      const incorrect = { name: 'NotAuthorizedException', message: 'Incorrect username or password.' };
      const exceeded = { name: 'NotAuthorizedException', message: 'Password attempts exceeded' };
      // 1. Failures 1-5 are answered as wrong passwords; the 5th starts a 1 s lock.
      for (let i = 0; i < 5; i++) await expect(wrong()).rejects.toMatchObject(incorrect);
      // 2. During the lock: refused, even with the right password; these attempts do not count.
      await expect(wrong()).rejects.toMatchObject(exceeded);
      await expect(passwordAuth(clientId, 'lou')).rejects.toMatchObject(exceeded);
      await expect(wrong()).rejects.toMatchObject(exceeded);
      // 3. After 1 s the 6th failure counts and locks for 2 s.
      t.clock.advance(1_100);
      await expect(wrong()).rejects.toMatchObject(incorrect);
      t.clock.advance(1_100);
      await expect(passwordAuth(clientId, 'lou')).rejects.toMatchObject(exceeded);
      t.clock.advance(1_000);
      // 4. Lock over: the right password works and resets the count.
      expect((await passwordAuth(clientId, 'lou')).AuthenticationResult?.AccessToken).toBeTruthy();
      for (let i = 0; i < 4; i++) await expect(wrong()).rejects.toMatchObject(incorrect);
      expect((await passwordAuth(clientId, 'lou')).AuthenticationResult?.AccessToken).toBeTruthy();
    });

    it('counts failures on the admin flow and the public flow together', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient();
      await confirmedUser(t, { poolId, clientId }, 'max', PASSWORD);
      for (let i = 0; i < 3; i++) await expect(passwordAuth(clientId, 'max', 'Wrong-pass1')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      for (let i = 0; i < 2; i++) {
        await expect(t.cognito.send(new AdminInitiateAuthCommand({
          UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'max', PASSWORD: 'Wrong-pass1' },
        }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      }
      await expect(passwordAuth(clientId, 'max')).rejects.toMatchObject({ message: 'Password attempts exceeded' });
    });

    it('cannot be bypassed by sending many wrong passwords at once', async () => {
      // At the production argon2id cost, as a guesser meets it: the 20 guesses overlap while they
      // are hashed, so many pass the lock check before the first failure is counted.
      const slow = await startTestServer({ config: { security: { argon2MemoryKiB: 19_456, argon2Iterations: 2, maxQueuedPasswordHashesPerSource: 128 } } });
      try {
        const { poolId, clientId } = await slow.fixtures.poolWithClient();
        await slow.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'ned', Password: PASSWORD }));
        await slow.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'ned' }));
        // Sent as plain HTTP requests, not through the SDK: the SDK's per-request work on a loaded
        // machine can spread 20 sends over longer than the first hashes take, and then fewer overlap.
        const body = JSON.stringify({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ned', PASSWORD: 'Wrong-pass1' } });
        const guess = async () => {
          const response = await fetch(slow.url, {
            method: 'POST', body,
            headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
          });
          return { status: response.status, ...((await response.json()) as { __type?: string; message?: string }) };
        };
        const results = await Promise.all(Array.from({ length: 20 }, guess));
        expect(results.every((r) => r.status === 400 && r.__type === 'NotAuthorizedException')).toBe(true);
        // Guesses that arrived during the lock were refused unchecked; every guess that was checked
        // against the hash counts, so the lock lasts 2^(checked-5) s, at most 15 min (parallel
        // answers in any order must neither lose a count nor shorten the lock). Half of it later,
        // the user is still locked, whatever the machine's delays. More than five checked means
        // guesses did overlap: some passed the lock check before the fifth failure was counted.
        const checked = results.filter((r) => r.message === 'Incorrect username or password.').length;
        expect(checked).toBeGreaterThan(5);
        slow.clock.advance(Math.min(1000 * 2 ** (checked - 5), 15 * 60_000) / 2);
        await expect(slow.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ned', PASSWORD } })))
          .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
      } finally {
        await slow.close();
      }
    });
  });

  describe('sign-in identifiers', () => {
    it('signs in by email in a pool with UsernameAttributes email; the username is the sub', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient({ UsernameAttributes: ['email'] });
      const sub = await confirmedUser(t, { poolId, clientId }, 'Oda@Example.com', PASSWORD);
      const out = (await passwordAuth(clientId, 'Oda@Example.com')).AuthenticationResult!;
      const id = claimsOf(out.IdToken!);
      expect(id['cognito:username']).toBe(sub);
      expect(id.sub).toBe(sub);
      expect(id.email).toBe('Oda@Example.com');
      expect(claimsOf(out.AccessToken!).username).toBe(sub);
      // The sub is itself a valid sign-in name.
      expect((await passwordAuth(clientId, sub)).AuthenticationResult?.AccessToken).toBeTruthy();
    });

    it('in a case-insensitive pool, "Ana" signs in as "ana" and a second "ANA" cannot sign up', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient({ UsernameConfiguration: { CaseSensitive: false } });
      await confirmedUser(t, { poolId, clientId }, 'Ana', PASSWORD);
      for (const name of ['ana', 'ANA', 'Ana']) {
        const out = await passwordAuth(clientId, name);
        expect(claimsOf(out.AuthenticationResult!.AccessToken!).username.toLowerCase()).toBe('ana');
      }
      await expect(t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'ANA', Password: PASSWORD })))
        .rejects.toMatchObject({ name: 'UsernameExistsException' });
    });

    it('in a case-sensitive pool, "Ana" and "ana" are different users', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient({ UsernameConfiguration: { CaseSensitive: true } });
      await confirmedUser(t, { poolId, clientId }, 'Ana', PASSWORD);
      await expect(passwordAuth(clientId, 'ana')).rejects.toMatchObject({ name: 'UserNotFoundException' });
    });
  });

  describe('sign-up races', () => {
    it('lets exactly one of 50 concurrent SignUps of one username succeed; the others get UsernameExistsException', async () => {
      const { clientId } = await t.fixtures.poolWithClient();
      const results = await Promise.allSettled(Array.from({ length: 50 }, () =>
        t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'racer', Password: PASSWORD }))));
      const fulfilled = results.filter((r) => r.status === 'fulfilled');
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(49);
      for (const r of rejected) {
        expect(r.reason).toMatchObject({ name: 'UsernameExistsException', message: 'User already exists' });
        expect(r.reason.$metadata.httpStatusCode).toBe(400);
      }
    });
  });
});

describe('refresh token expiry', () => {
  // Its own server: the clock jumps 31 days, which would also expire every SigV4 signature.
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('refuses a refresh token after its 30-day validity with "Refresh Token has expired"', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient();
    await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'old', Password: PASSWORD }));
    await t.cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'old' }));
    const { RefreshToken } = (await t.cognito.send(new InitiateAuthCommand({
      ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'old', PASSWORD },
    }))).AuthenticationResult!;
    const refresh = () => t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: RefreshToken! } }));
    t.clock.advance(29 * 86_400_000);
    expect((await refresh()).AuthenticationResult?.AccessToken).toBeTruthy();
    t.clock.advance(2 * 86_400_000);
    await expect(refresh()).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has expired' });
  });
});
