// Answers a third-party Cognito test suite expects, checked against Cognito's documented
// behaviour: CreateUserPool's Schema checks, the verification messages kept in step, the pool MFA
// configuration, email_verified's case, AdminResetUserPassword's states, and error wording.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  ConfirmDeviceCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
  type SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PASSWORD = 'Passw0rd!answers';
const SMS_ROLE = { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms-mfa' };

describe("Cognito's answers", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const createPool = (Schema: SchemaAttributeType[]) => t.cognito.send(new CreateUserPoolCommand({ PoolName: 'schema', Schema }));

  describe('CreateUserPool Schema', () => {
    it.each([
      [[{ Name: 'team' }], 'Invalid AttributeDataType input, consider using the provided AttributeDataType enum.'],
      [[{ Name: 'email', AttributeDataType: 'Number' }], 'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email'],
      [[{ Name: 'email', DeveloperOnlyAttribute: true }], 'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email'],
      [[{ Name: 'email', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: 'invalid_value' } }], 'Invalid StringAttributeConstraints for schema attribute email'],
      [[{ Name: 'updated_at', AttributeDataType: 'Number', NumberAttributeConstraints: { MaxValue: 'ten' } }], 'Invalid NumberAttributeConstraints for schema attribute updated_at'],
      [[{ Name: 'email', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '2049' } }], 'user.email: String attributes cannot have a length of more than 2048'],
      [[{ Name: 'email', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '2049' } }], 'user.email: String attributes cannot have a length of more than 2048'],
      [[{ Name: 'email', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '2', MaxLength: '1' } }], 'user.email: Max length cannot be less than min length.'],
      [[{ Name: 'updated_at', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '2', MaxValue: '1' } }], 'user.updated_at: Max value cannot be less than min value.'],
      [[{ Name: 'score', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: 'low' } }], 'Invalid NumberAttributeConstraints for schema attribute score'],
    ] as Array<[SchemaAttributeType[], string]>)('refuses %j with InvalidParameterException', async (schema, message) => {
      await expect(createPool(schema)).rejects.toMatchObject({ name: 'InvalidParameterException', message });
    });

    it('accepts well-formed custom and standard attributes', async () => {
      const { UserPool } = await createPool([
        { Name: 'email', AttributeDataType: 'String', Required: true, StringAttributeConstraints: { MinLength: '3', MaxLength: '2048' } },
        { Name: 'score', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '-5', MaxValue: '10' } },
        { Name: 'updated_at', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '0', MaxValue: '100' } },
      ]);
      const byName = new Map(UserPool!.SchemaAttributes!.map((a) => [a.Name, a]));
      expect(byName.get('email')).toMatchObject({ Required: true, StringAttributeConstraints: { MinLength: '3', MaxLength: '2048' } });
      expect(byName.get('custom:score')).toMatchObject({ AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '-5', MaxValue: '10' } });
      expect(byName.get('updated_at')).toMatchObject({ NumberAttributeConstraints: { MinValue: '0', MaxValue: '100' } });
    });
  });

  describe('verification messages', () => {
    it('fills the legacy members from VerificationMessageTemplate, the template winning where both are given', async () => {
      const { UserPool } = await t.cognito.send(new CreateUserPoolCommand({
        PoolName: 'template',
        EmailVerificationMessage: 'legacy {####}',
        VerificationMessageTemplate: { EmailMessage: 'foo {####} bar', EmailSubject: 'foobar {####}', SmsMessage: '{####} baz' },
      }));
      expect(UserPool).toMatchObject({
        SmsVerificationMessage: '{####} baz', EmailVerificationMessage: 'foo {####} bar', EmailVerificationSubject: 'foobar {####}',
        VerificationMessageTemplate: { SmsMessage: '{####} baz', EmailMessage: 'foo {####} bar', EmailSubject: 'foobar {####}', DefaultEmailOption: 'CONFIRM_WITH_CODE' },
      });
    });

    it('fills VerificationMessageTemplate from the legacy members, on create and on update', async () => {
      const { UserPool } = await t.cognito.send(new CreateUserPoolCommand({ PoolName: 'legacy', SmsVerificationMessage: 'Code: {####}', EmailVerificationSubject: 'Your code' }));
      expect(UserPool!.VerificationMessageTemplate).toEqual({ DefaultEmailOption: 'CONFIRM_WITH_CODE', SmsMessage: 'Code: {####}', EmailSubject: 'Your code' });
      await t.cognito.send(new UpdateUserPoolCommand({ UserPoolId: UserPool!.Id!, EmailVerificationMessage: 'Hello {####}' }));
      const described = (await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id! }))).UserPool!;
      expect(described.VerificationMessageTemplate).toEqual({ DefaultEmailOption: 'CONFIRM_WITH_CODE', EmailMessage: 'Hello {####}' });
      expect(described.EmailVerificationMessage).toBe('Hello {####}');
      expect(described.SmsVerificationMessage).toBeUndefined();
    });
  });

  describe('SetUserPoolMfaConfig', () => {
    it('refuses SMS MFA without an SmsConfiguration, and takes the pool\'s when it has one', async () => {
      const poolId = await t.fixtures.pool();
      await expect(t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', SmsMfaConfiguration: {} })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: '[SmsConfiguration] is a required member of [SoftwareTokenMfaConfiguration].' });
      await expect(t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON' })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'At least one of [SmsMfaConfiguration] or [SoftwareTokenMfaConfiguration] must be provided.' });
      expect((await t.cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }))).MfaConfiguration).toBe('OFF');

      const set = await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', SmsMfaConfiguration: { SmsConfiguration: SMS_ROLE } }));
      expect(set).toMatchObject({ MfaConfiguration: 'ON', SmsMfaConfiguration: { SmsConfiguration: SMS_ROLE } });
      expect(set.SoftwareTokenMfaConfiguration).toBeUndefined();

      const withRole = await t.fixtures.pool({ SmsConfiguration: SMS_ROLE });
      const inherited = await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: withRole, MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: { SmsAuthenticationMessage: 'Code {####}' } }));
      expect(inherited.SmsMfaConfiguration).toEqual({ SmsAuthenticationMessage: 'Code {####}', SmsConfiguration: SMS_ROLE });
    });

    it('shows the software-token configuration only while MFA is on', async () => {
      const poolId = await t.fixtures.pool();
      const on = await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
      expect(on.SoftwareTokenMfaConfiguration).toEqual({ Enabled: true });
      const off = await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OFF' }));
      expect(off.MfaConfiguration).toBe('OFF');
      expect(off.SoftwareTokenMfaConfiguration).toBeUndefined();
      const got = await t.cognito.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
      expect(got.SoftwareTokenMfaConfiguration).toBeUndefined();
      expect((await t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.MfaConfiguration).toBe('OFF');
    });
  });

  it('accepts email_verified "True" as Cognito does', async () => {
    const poolId = await t.fixtures.pool({ AliasAttributes: ['email'] });
    await t.cognito.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'ana', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'ana@example.com' }, { Name: 'email_verified', Value: 'True' }],
    }));
    const user = await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ana@example.com' }));
    expect(user.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
  });

  it('refuses AdminResetUserPassword for a user who must change a temporary password, and for a disabled user', async () => {
    const poolId = await t.fixtures.pool();
    const email = (name: string) => [{ Name: 'email', Value: `${name}@example.com` }, { Name: 'email_verified', Value: 'true' }];
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'fresh', MessageAction: 'SUPPRESS', UserAttributes: email('fresh') }));
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'off', MessageAction: 'SUPPRESS', UserAttributes: email('off') }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'off', Password: PASSWORD, Permanent: true }));
    await t.cognito.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'off' }));
    for (const username of ['fresh', 'off']) {
      await expect(t.cognito.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: username })))
        .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User password cannot be reset in the current state.' });
    }
    expect((await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'fresh' }))).UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect((await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'off' }))).UserStatus).toBe('CONFIRMED');
  });

  describe('error wording', () => {
    it('answers a flow InitiateAuth does not run (an admin flow) with "Initiate Auth method not supported."', async () => {
      const { clientId } = await t.fixtures.poolWithClient({}, { ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      await expect(t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ana', PASSWORD: 'Passw0rd!' } })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Initiate Auth method not supported.' });
      await expect(t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'MAGIC' as any, AuthParameters: {} }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: expect.stringMatching(/^1 validation error detected: Value 'MAGIC' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: \[USER_SRP_AUTH, .*\]$/),
      });
    });

    it('answers an unknown challenge name with the list of Cognito\'s challenge names', async () => {
      const { clientId } = await t.fixtures.poolWithClient();
      await expect(t.cognito.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'RIDDLE' as any, ChallengeResponses: {} }))).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: "1 validation error detected: Value 'RIDDLE' at 'challengeName' failed to satisfy constraint: Member must satisfy enum value set: [SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP, PASSWORD_VERIFIER, CUSTOM_CHALLENGE, SELECT_CHALLENGE, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER, ADMIN_NO_SRP_AUTH, NEW_PASSWORD_REQUIRED, SMS_OTP, PASSWORD, WEB_AUTHN, PASSWORD_SRP]",
      });
    });

    it('answers a username that is not an email in an email-username pool with "Username should be an email."', async () => {
      const { clientId } = await t.fixtures.poolWithClient({ UsernameAttributes: ['email'] });
      await expect(t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'ana', Password: PASSWORD })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Username should be an email.' });
      const { clientId: either } = await t.fixtures.poolWithClient({ UsernameAttributes: ['email', 'phone_number'] });
      await expect(t.cognito.send(new SignUpCommand({ ClientId: either, Username: 'ana', Password: PASSWORD })))
        .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Username should be either an email or a phone number.' });
    });

    it('shows the offending value of a member that is not sensitive, its pattern without anchors and the allowed values', async () => {
      const poolId = await t.fixtures.pool();
      await expect(t.cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'two words' }))).rejects.toMatchObject({
        message: "1 validation error detected: Value 'two words' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
      });
      await expect(t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'MAYBE' as any }))).rejects.toMatchObject({
        message: "1 validation error detected: Value 'MAYBE' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]",
      });
      // A list of strings is one member: the item's violation is reported on the list, nested.
      await expect(t.cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_MAGIC' as any] }))).rejects.toMatchObject({
        message: expect.stringMatching(/^1 validation error detected: Value '\[ALLOW_USER_SRP_AUTH, ALLOW_MAGIC\]' at 'explicitAuthFlows' failed to satisfy constraint: Member must satisfy constraint: \[Member must satisfy enum value set: \[ADMIN_NO_SRP_AUTH, .*ALLOW_USER_AUTH, ALLOW_CLIENT_TOKEN_AUTH\]\]$/),
      });
      await expect(t.cognito.send(new DescribeUserPoolCommand({ UserPoolId: 'no pool' }))).rejects.toMatchObject({
        message: "1 validation error detected: Value 'no pool' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
      });
    });

    it('hides the value of sensitive members: passwords, usernames, codes, tokens', async () => {
      const { clientId } = await t.fixtures.poolWithClient();
      const password = `Secret-${'p'.repeat(300)}`;
      const refused = await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'ana', Password: password })).catch((error) => error);
      expect(refused.message).toBe("1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 256");
      const code = await t.cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 7 as any } })).catch((error) => error);
      expect(code.message).not.toContain("Value '7'");
    });

    it('names a map, never its keys, and shows no value of a map entry or of ClientMetadata', async () => {
      const call = async (target: string, body: unknown) => {
        const response = await fetch(t.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as { __type: string; message: string } };
      };
      const wrongType = await call('InitiateAuth', { ClientId: 'c1', AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'u', PASSWORD: ['secret-in-a-list'] } });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.__type).toBe('InvalidParameterException');
      expect(wrongType.body.message).toMatch(/^1 validation error detected: Value at 'authParameters' failed to satisfy constraint/);
      expect(wrongType.body.message).not.toContain('secret-in-a-list');
      const metadata = await call('InitiateAuth', { ClientId: 'c1', AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'u', PASSWORD: 'p' }, ClientMetadata: { apiKey: ['s3cr3t-metadata'] } });
      expect(metadata.body.__type).toBe('InvalidParameterException');
      expect(metadata.body.message).toMatch(/at 'clientMetadata' failed/);
      expect(metadata.body.message).not.toContain('s3cr3t-metadata');
      expect(metadata.body.message).not.toContain('apiKey');
    });

    it("hides a device's SRP verifier and salt: they let anyone guess the device's password offline", async () => {
      const verifier = `verifier-${'v'.repeat(2048)}`;
      const refused = await t.cognito.send(new ConfirmDeviceCommand({
        AccessToken: 'not-a-token', DeviceKey: 'us-east-1_0a1b2c3d-0000-4000-8000-000000000000',
        DeviceSecretVerifierConfig: { PasswordVerifier: verifier, Salt: 'salt' },
      })).catch((error) => error);
      expect(refused.message).toBe("1 validation error detected: Value at 'deviceSecretVerifierConfig.passwordVerifier' failed to satisfy constraint: Member must have length less than or equal to 2048");
      const salt = `salt-${'s'.repeat(1024)}`;
      const refusedSalt = await t.cognito.send(new ConfirmDeviceCommand({
        AccessToken: 'not-a-token', DeviceKey: 'us-east-1_0a1b2c3d-0000-4000-8000-000000000000',
        DeviceSecretVerifierConfig: { PasswordVerifier: 'verifier', Salt: salt },
      })).catch((error) => error);
      expect(refusedSalt.message).toBe("1 validation error detected: Value at 'deviceSecretVerifierConfig.salt' failed to satisfy constraint: Member must have length less than or equal to 1024");
    });
  });
});
