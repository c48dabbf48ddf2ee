import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminResetUserPasswordCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  GetUserCommand,
  type AttributeType,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_KEY, startTestServer, type TestServer } from '../helpers/server.js';
import { adminCreatedUser } from '../helpers/users.js';

const PASSWORD = 'Passw0rd!';
const REQUIRE_EMAIL: Partial<CreateUserPoolCommandInput> = {
  Schema: [{ Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true }],
};

interface OutboxMessage { purpose: string; medium: string; destination: string; subject: string | null; body: string; code: string | null }

describe('admin user operations', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  /** Every message sent to a user, newest first (the outbox through the admin route). */
  async function messages(poolId: string, username: string): Promise<OutboxMessage[]> {
    const query = new URLSearchParams({ poolId, username, limit: '20' });
    const response = await fetch(`${t.url}/_gatehouse/outbox?${query}`, {
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN_KEY.accessKeyId}:${ADMIN_KEY.secretAccessKey}`).toString('base64')}` },
    });
    return ((await response.json()) as { messages: OutboxMessage[] }).messages;
  }

  const attrs = (list: AttributeType[] | undefined) => Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));

  const signIn = (poolId: string, clientId: string, username: string, password: string) =>
    t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password },
    }));

  const getUser = (poolId: string, username: string) => t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));


  describe('AdminCreateUser', () => {
    it('creates a FORCE_CHANGE_PASSWORD user, emails a generated temporary password, and the user completes NEW_PASSWORD_REQUIRED', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient(REQUIRE_EMAIL);
      const out = await t.cognito.send(new AdminCreateUserCommand({
        UserPoolId: poolId, Username: 'ana', DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: 'ana@example.com' }, { Name: 'email_verified', Value: 'true' }],
      }));
      // 1. the response is a UserType
      expect(out.User).toMatchObject({ Username: 'ana', Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD' });
      expect(out.User?.UserCreateDate).toBeInstanceOf(Date);
      expect(attrs(out.User?.Attributes)).toMatchObject({ email: 'ana@example.com', email_verified: 'true' });
      expect(attrs(out.User?.Attributes).sub).toMatch(/^[0-9a-f-]{36}$/);

      // 2. the invitation went out by email with the default template
      const [invitation] = await messages(poolId, 'ana');
      expect(invitation).toMatchObject({ purpose: 'invitation', medium: 'EMAIL', destination: 'ana@example.com', subject: 'Your temporary password' });
      const temporary = invitation.code!;
      expect(invitation.body).toBe(`Your username is ana and temporary password is ${temporary}. `);
      expect(temporary).toMatch(/[A-Z]/);
      expect(temporary).toMatch(/[a-z]/);
      expect(temporary).toMatch(/[0-9]/);
      expect(temporary.length).toBeGreaterThanOrEqual(8);

      // 3. signing in with it asks for a new password
      const challenge = await signIn(poolId, clientId, 'ana', temporary);
      expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');

      // 4. answering the challenge confirms the user and yields tokens
      const done = await t.cognito.send(new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId, ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'ana', NEW_PASSWORD: 'NewPassw0rd!' },
      }));
      expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
      expect((await getUser(poolId, 'ana')).UserStatus).toBe('CONFIRMED');
    });

    it('uses the pool InviteMessageTemplate for SMS and a given temporary password', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient({
        AdminCreateUserConfig: { InviteMessageTemplate: { SMSMessage: 'Hi {username}, use {####} to sign in.', EmailMessage: 'E {username} {####}', EmailSubject: 'Welcome' } },
      });
      await t.cognito.send(new AdminCreateUserCommand({
        UserPoolId: poolId, Username: 'bo', TemporaryPassword: 'Temp0rary!', DesiredDeliveryMediums: ['SMS', 'EMAIL'],
        UserAttributes: [{ Name: 'phone_number', Value: '+15555550123' }, { Name: 'email', Value: 'bo@example.com' }],
      }));
      const sent = await messages(poolId, 'bo');
      expect(sent.find((m) => m.medium === 'SMS')).toMatchObject({ destination: '+15555550123', body: 'Hi bo, use Temp0rary! to sign in.' });
      expect(sent.find((m) => m.medium === 'EMAIL')).toMatchObject({ subject: 'Welcome', body: 'E bo Temp0rary!' });
      expect((await signIn(poolId, clientId, 'bo', 'Temp0rary!')).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    });

    it('sends nothing with MessageAction SUPPRESS', async () => {
      const poolId = await t.fixtures.pool();
      await t.cognito.send(new AdminCreateUserCommand({
        UserPoolId: poolId, Username: 'quiet', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'q@example.com' }],
      }));
      expect(await messages(poolId, 'quiet')).toEqual([]);
    });

    it('refuses an existing username with "User account already exists"', async () => {
      const poolId = await t.fixtures.pool();
      const create = () => t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'dup', MessageAction: 'SUPPRESS' }));
      await create();
      await expect(create()).rejects.toMatchObject({ name: 'UsernameExistsException', message: 'User account already exists' });
    });

    it('checks a given temporary password against the pool policy', async () => {
      const poolId = await t.fixtures.pool();
      await expect(t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'weak', TemporaryPassword: 'short', MessageAction: 'SUPPRESS' })))
        .rejects.toMatchObject({ name: 'InvalidPasswordException', message: 'Password did not conform with policy: Password not long enough' });
      await expect(getUser(poolId, 'weak')).rejects.toMatchObject({ name: 'UserNotFoundException' });
    });

    it('refuses a user without the required attributes', async () => {
      const poolId = await t.fixtures.pool(REQUIRE_EMAIL);
      await expect(t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'noemail', MessageAction: 'SUPPRESS' })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Attributes did not conform to the schema: email: The attribute email is required' });
    });

    it('refuses a delivery medium the user has no attribute for', async () => {
      const poolId = await t.fixtures.pool();
      await expect(t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'nomail', DesiredDeliveryMediums: ['EMAIL'] })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'No email provided but desired delivery medium was Email' });
    });

    it('refuses an unknown pool with ResourceNotFoundException', async () => {
      await expect(t.cognito.send(new AdminCreateUserCommand({ UserPoolId: 'us-east-1_nope00000', Username: 'x' })))
        .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });

    it('expires the temporary password after TemporaryPasswordValidityDays, and RESEND issues a new one', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient({ Policies: { PasswordPolicy: { MinimumLength: 8, TemporaryPasswordValidityDays: 1 } } });
      await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'late', UserAttributes: [{ Name: 'email', Value: 'late@example.com' }], DesiredDeliveryMediums: ['EMAIL'] }));
      const first = (await t.latestCode(poolId, 'late'))!;

      // 1. after a day and a bit the temporary password no longer works
      t.clock.advance(25 * 3600_000);
      await expect(signIn(poolId, clientId, 'late', first))
        .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Temporary password has expired and must be reset by an administrator.' });

      // 2. RESEND sends a fresh one, valid for another day
      const resent = await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'late', MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] }));
      expect(resent.User?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
      const second = (await t.latestCode(poolId, 'late'))!;
      expect(second).not.toBe(first);
      expect((await signIn(poolId, clientId, 'late', second)).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      await expect(signIn(poolId, clientId, 'late', first)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    });

    it('answers RESEND for an unknown user with UserNotFoundException and for a confirmed one with UnsupportedUserStateException', async () => {
      const poolId = await t.fixtures.pool();
      await expect(t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ghost', MessageAction: 'RESEND' })))
        .rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
      await adminCreatedUser(t, poolId, 'settled', PASSWORD);
      await expect(t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'settled', MessageAction: 'RESEND' })))
        .rejects.toMatchObject({ name: 'UnsupportedUserStateException' });
    });

    it('makes the sub the username in an email-as-username pool and signs in by email', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient({ UsernameAttributes: ['email'] });
      const out = await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'cy@example.com', MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp0rary!' }));
      const attributes = attrs(out.User?.Attributes);
      expect(out.User?.Username).toBe(attributes.sub);
      expect(attributes.email).toBe('cy@example.com');
      expect((await signIn(poolId, clientId, 'cy@example.com', 'Temp0rary!')).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      await expect(t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'cy@example.com', MessageAction: 'SUPPRESS' })))
        .rejects.toMatchObject({ name: 'UsernameExistsException' });
      await expect(t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'not-an-email', MessageAction: 'SUPPRESS' })))
        .rejects.toMatchObject({ name: 'InvalidParameterException' });
    });

    it('moves a verified email alias with ForceAliasCreation and refuses it without', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient({ AliasAttributes: ['email'] });
      const email = [{ Name: 'email', Value: 'shared@example.com' }, { Name: 'email_verified', Value: 'true' }];
      await adminCreatedUser(t, poolId, 'first', PASSWORD, email);
      const second = { UserPoolId: poolId, Username: 'second', UserAttributes: email, MessageAction: 'SUPPRESS' as const, TemporaryPassword: 'Temp0rary!' };
      await expect(t.cognito.send(new AdminCreateUserCommand(second))).rejects.toMatchObject({ name: 'AliasExistsException' });
      await t.cognito.send(new AdminCreateUserCommand({ ...second, ForceAliasCreation: true }));
      // The alias now signs in the second user; the first keeps the email, unverified.
      expect((await signIn(poolId, clientId, 'shared@example.com', 'Temp0rary!')).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      expect(attrs((await getUser(poolId, 'first')).UserAttributes)).toMatchObject({ email: 'shared@example.com', email_verified: 'false' });
    });
  });

  describe('AdminDeleteUser', () => {
    it('deletes the user, and a second delete is UserNotFoundException', async () => {
      const poolId = await t.fixtures.pool();
      await adminCreatedUser(t, poolId, 'gone', PASSWORD);
      await t.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'gone' }));
      await expect(getUser(poolId, 'gone')).rejects.toMatchObject({ name: 'UserNotFoundException' });
      await expect(t.cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'gone' })))
        .rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
    });
  });

  describe('AdminDisableUser / AdminEnableUser', () => {
    it('disabling revokes live tokens and refuses sign-in; enabling lets the user back in', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient();
      await adminCreatedUser(t, poolId, 'dee', PASSWORD);
      const tokens = (await signIn(poolId, clientId, 'dee', PASSWORD)).AuthenticationResult!;

      await t.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dee' }));
      expect((await getUser(poolId, 'dee')).Enabled).toBe(false);
      await expect(t.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      await expect(signIn(poolId, clientId, 'dee', PASSWORD)).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
      await expect(t.cognito.send(new AdminInitiateAuthCommand({
        UserPoolId: poolId, ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
      }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });

      await t.cognito.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'dee' }));
      expect((await getUser(poolId, 'dee')).Enabled).toBe(true);
      expect((await signIn(poolId, clientId, 'dee', PASSWORD)).AuthenticationResult?.AccessToken).toBeTruthy();
      // Re-enabling does not bring back the tokens revoked by the disable.
      await expect(t.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    });

    it('answers an unknown user with UserNotFoundException', async () => {
      const poolId = await t.fixtures.pool();
      await expect(t.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'nobody' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
      await expect(t.cognito.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'nobody' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
    });
  });

  describe('AdminSetUserPassword', () => {
    it('sets a permanent password that confirms the user', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient();
      await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'perm', MessageAction: 'SUPPRESS' }));
      await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'perm', Password: PASSWORD, Permanent: true }));
      expect((await getUser(poolId, 'perm')).UserStatus).toBe('CONFIRMED');
      expect((await signIn(poolId, clientId, 'perm', PASSWORD)).AuthenticationResult?.IdToken).toBeTruthy();
    });

    it('sets a temporary password that forces a change and expires', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient({ Policies: { PasswordPolicy: { MinimumLength: 8, TemporaryPasswordValidityDays: 2 } } });
      await adminCreatedUser(t, poolId, 'temp', PASSWORD);
      await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'temp', Password: 'Temp0rary!', Permanent: false }));
      expect((await getUser(poolId, 'temp')).UserStatus).toBe('FORCE_CHANGE_PASSWORD');
      expect((await signIn(poolId, clientId, 'temp', 'Temp0rary!')).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      await expect(signIn(poolId, clientId, 'temp', PASSWORD)).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      t.clock.advance(3 * 86_400_000);
      await expect(signIn(poolId, clientId, 'temp', 'Temp0rary!'))
        .rejects.toMatchObject({ message: 'Temporary password has expired and must be reset by an administrator.' });
    });

    it('checks the pool policy and the user', async () => {
      const poolId = await t.fixtures.pool();
      await adminCreatedUser(t, poolId, 'policy', PASSWORD);
      await expect(t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'policy', Password: 'alllowercase1!', Permanent: true })))
        .rejects.toMatchObject({ name: 'InvalidPasswordException', message: 'Password did not conform with policy: Password must have uppercase characters' });
      await expect(t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'nobody', Password: PASSWORD, Permanent: true })))
        .rejects.toMatchObject({ name: 'UserNotFoundException' });
    });
  });

  describe('AdminResetUserPassword', () => {
    it('requires a reset and sends a forgot-password code to the verified email', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient();
      await adminCreatedUser(t, poolId, 'reset', PASSWORD, [{ Name: 'email', Value: 'reset@example.com' }, { Name: 'email_verified', Value: 'true' }]);
      await t.cognito.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'reset' }));
      expect((await getUser(poolId, 'reset')).UserStatus).toBe('RESET_REQUIRED');
      const [sent] = await messages(poolId, 'reset');
      expect(sent).toMatchObject({ purpose: 'forgot_password', medium: 'EMAIL', destination: 'reset@example.com' });
      expect(sent.code).toMatch(/^\d{6}$/);
      await expect(signIn(poolId, clientId, 'reset', PASSWORD))
        .rejects.toMatchObject({ name: 'PasswordResetRequiredException', message: 'Password reset required for the user' });
    });

    it('refuses a user with no verified email or phone', async () => {
      const poolId = await t.fixtures.pool();
      await adminCreatedUser(t, poolId, 'unverified', PASSWORD, [{ Name: 'email', Value: 'u@example.com' }]);
      await expect(t.cognito.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'unverified' }))).rejects.toMatchObject({
        name: 'InvalidParameterException', message: 'Cannot reset password for the user as there is no registered/verified email or phone_number',
      });
      expect((await getUser(poolId, 'unverified')).UserStatus).toBe('CONFIRMED');
      await expect(t.cognito.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'nobody' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
    });
  });

  describe('AdminUpdateUserAttributes', () => {
    it('updates attributes and clears email_verified when the email changes unless it is set too', async () => {
      const poolId = await t.fixtures.pool();
      await adminCreatedUser(t, poolId, 'upd', PASSWORD, [{ Name: 'email', Value: 'old@example.com' }, { Name: 'email_verified', Value: 'true' }]);
      await t.cognito.send(new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId, Username: 'upd', UserAttributes: [{ Name: 'email', Value: 'new@example.com' }, { Name: 'given_name', Value: 'Up' }],
      }));
      expect(attrs((await getUser(poolId, 'upd')).UserAttributes)).toMatchObject({ email: 'new@example.com', email_verified: 'false', given_name: 'Up' });
      await t.cognito.send(new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId, Username: 'upd', UserAttributes: [{ Name: 'email', Value: 'newer@example.com' }, { Name: 'email_verified', Value: 'true' }],
      }));
      expect(attrs((await getUser(poolId, 'upd')).UserAttributes)).toMatchObject({ email: 'newer@example.com', email_verified: 'true' });
    });

    it('sends a verification code for a new unverified email the pool auto-verifies, and none for one set verified', async () => {
      const poolId = await t.fixtures.pool({ AutoVerifiedAttributes: ['email'] });
      await adminCreatedUser(t, poolId, 'verify', PASSWORD, [{ Name: 'email', Value: 'v1@example.com' }, { Name: 'email_verified', Value: 'true' }]);
      await t.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'verify', UserAttributes: [{ Name: 'email', Value: 'v2@example.com' }] }));
      const sent = await messages(poolId, 'verify');
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ purpose: 'verify:email', medium: 'EMAIL', destination: 'v2@example.com' });
      expect(sent[0].code).toMatch(/^\d{6}$/);
      await t.cognito.send(new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId, Username: 'verify', UserAttributes: [{ Name: 'email', Value: 'v3@example.com' }, { Name: 'email_verified', Value: 'true' }],
      }));
      expect(await messages(poolId, 'verify')).toHaveLength(1);
    });

    it('refuses an alias held by another user with AliasExistsException', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient({ AliasAttributes: ['email'] });
      await adminCreatedUser(t, poolId, 'holder', PASSWORD, [{ Name: 'email', Value: 'taken@example.com' }, { Name: 'email_verified', Value: 'true' }]);
      await adminCreatedUser(t, poolId, 'other', PASSWORD);
      await expect(t.cognito.send(new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId, Username: 'other', UserAttributes: [{ Name: 'email', Value: 'taken@example.com' }, { Name: 'email_verified', Value: 'true' }],
      }))).rejects.toMatchObject({ name: 'AliasExistsException', message: 'An account with the given email already exists.' });
      // A verified email set by the admin becomes a sign-in alias.
      await t.cognito.send(new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId, Username: 'other', UserAttributes: [{ Name: 'email', Value: 'other@example.com' }, { Name: 'email_verified', Value: 'true' }],
      }));
      expect((await signIn(poolId, clientId, 'other@example.com', PASSWORD)).AuthenticationResult).toBeTruthy();
    });

    it('refuses unknown and immutable attributes and unknown users', async () => {
      const poolId = await t.fixtures.pool({ Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: false }] });
      await adminCreatedUser(t, poolId, 'imm', PASSWORD, [{ Name: 'custom:team', Value: 'red' }]);
      await expect(t.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'imm', UserAttributes: [{ Name: 'custom:nope', Value: 'x' }] })))
        .rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(t.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'imm', UserAttributes: [{ Name: 'custom:team', Value: 'blue' }] })))
        .rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(t.cognito.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'nobody', UserAttributes: [{ Name: 'name', Value: 'x' }] })))
        .rejects.toMatchObject({ name: 'UserNotFoundException' });
    });
  });

  describe('AdminDeleteUserAttributes', () => {
    it('deletes optional attributes and refuses required ones', async () => {
      const poolId = await t.fixtures.pool(REQUIRE_EMAIL);
      await adminCreatedUser(t, poolId, 'del', PASSWORD, [{ Name: 'email', Value: 'del@example.com' }, { Name: 'given_name', Value: 'Del' }, { Name: 'phone_number', Value: '+15555550199' }, { Name: 'phone_number_verified', Value: 'true' }]);
      await t.cognito.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'del', UserAttributeNames: ['given_name', 'phone_number'] }));
      const after = attrs((await getUser(poolId, 'del')).UserAttributes);
      expect(after).not.toHaveProperty('given_name');
      expect(after).not.toHaveProperty('phone_number');
      expect(after).not.toHaveProperty('phone_number_verified');
      expect(after.email).toBe('del@example.com');
      await expect(t.cognito.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'del', UserAttributeNames: ['email'] })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Attributes did not conform to the schema: email: The attribute email is required' });
      await expect(t.cognito.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: 'nobody', UserAttributeNames: ['name'] })))
        .rejects.toMatchObject({ name: 'UserNotFoundException' });
    });
  });

  describe('AdminUserGlobalSignOut', () => {
    it('revokes every access and refresh token of the user but lets them sign in again', async () => {
      const { poolId, clientId } = await t.fixtures.poolWithClient();
      await adminCreatedUser(t, poolId, 'out', PASSWORD);
      const first = (await signIn(poolId, clientId, 'out', PASSWORD)).AuthenticationResult!;
      const second = (await signIn(poolId, clientId, 'out', PASSWORD)).AuthenticationResult!;
      await t.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'out' }));
      for (const tokens of [first, second]) {
        await expect(t.cognito.send(new GetUserCommand({ AccessToken: tokens.AccessToken! })))
          .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
        await expect(t.cognito.send(new AdminInitiateAuthCommand({
          UserPoolId: poolId, ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
        }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
      }
      const again = (await signIn(poolId, clientId, 'out', PASSWORD)).AuthenticationResult!;
      expect((await t.cognito.send(new GetUserCommand({ AccessToken: again.AccessToken! }))).Username).toBe('out');
      await expect(t.cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'nobody' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
    });
  });
});
