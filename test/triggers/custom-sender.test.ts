// CustomEmailSender / CustomSMSSender: Gatehouse sends nothing itself on a medium with a custom
// sender; the function gets each source's event with the code encrypted (AWS Encryption SDK) under
// the pool's KMSKeyID, and the code it decrypts is the code that works. Decrypted with the key
// `gatehouse trigger-key` prints, through the shipped helper and through plain @aws-crypto/client-node,
// and, with triggers.kmsEndpoint, through KMS as a handler written for Cognito does.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode, RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/client-node';
import { decryptCode } from 'gatehouse/decrypt-code';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { BIN } from '../helpers/process.js';
import { RUNNER_KINDS, startTriggerRig, type Event, type TriggerRig } from '../helpers/triggers.js';
import { adminCreatedUser, signIn } from '../helpers/users.js';
import { latestMessage } from './message-helpers.js';

const run = promisify(execFile);
const PASSWORD = 'Passw0rd!';
const KMS_KEY_ID = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ENVELOPE = { version: '1', region: 'us-east-1', response: {} };

const senders = (rig: TriggerRig, names: Array<'CustomEmailSender' | 'CustomSMSSender'> = ['CustomEmailSender', 'CustomSMSSender']) => ({
  ...Object.fromEntries(names.map((name) => [name, { LambdaVersion: 'V1_0' as const, LambdaArn: rig.arn(name) }])),
  KMSKeyID: KMS_KEY_ID,
});

/** The key an operator gets for a KMSKeyID: `gatehouse trigger-key`, run on the server's data folder. */
async function triggerKey(dataDir: string): Promise<string> {
  const { stdout } = await run(process.execPath, [BIN, 'trigger-key', '--kms-key-id', KMS_KEY_ID, '--data', dataDir], { timeout: 120_000 });
  return stdout.trim();
}

describe.each(RUNNER_KINDS)('custom senders run by a %s function', (kind) => {
  let rig: TriggerRig;
  let t: TestServer;
  let key: string;
  let poolId: string;
  let clientId: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-sender-'));

  beforeAll(async () => {
    rig = await startTriggerRig(kind, ['CustomEmailSender', 'CustomSMSSender']);
    t = await startTestServer({ dataDir, config: { triggers: rig.config } });
    key = await triggerKey(dataDir);
    ({ poolId, clientId } = await t.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'], LambdaConfig: senders(rig) }));
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await rig?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The next event the function receives, and the code in it, decrypted by the shipped helper. */
  async function nextEvent(name: 'CustomEmailSender' | 'CustomSMSSender', send: () => Promise<unknown>): Promise<{ event: Event; code: string }> {
    const before = rig.events(name).length;
    await send();
    const event = (await rig.waitForEvents(name, before + 1))[before];
    return { event, code: (await decryptCode(event.request.code, { key, kmsKeyId: KMS_KEY_ID }))! };
  }
  const emailEvent = (source: string, userName: string, client: string | null, userAttributes: Record<string, unknown>, clientMetadata?: Record<string, string>) => ({
    ...ENVELOPE, triggerSource: `CustomEmailSender_${source}`, userPoolId: poolId, userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: client },
    request: { type: 'customEmailSenderRequestV1', code: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/), userAttributes, ...(clientMetadata && { clientMetadata }) },
  });

  it('CustomEmailSender_SignUp and _ResendCode: the events; the decrypted code confirms; the outbox holds no code', async () => {
    const signUp = await nextEvent('CustomEmailSender', () => t.cognito.send(new SignUpCommand({
      ClientId: clientId, Username: 'sue', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'sue@example.com' }], ClientMetadata: { origin: 'web' },
    })));
    expect(signUp.event).toEqual(emailEvent('SignUp', 'sue', clientId, { sub: expect.any(String), email: 'sue@example.com', 'cognito:user_status': 'UNCONFIRMED' }, { origin: 'web' }));
    expect(signUp.code).toMatch(/^[0-9]{6}$/);
    expect(await latestMessage(t, poolId, 'sue')).toMatchObject({
      medium: 'EMAIL', destination: 'sue@example.com', code: null, body: 'Handed to the pool\'s CustomEmailSender function (CustomEmailSender_SignUp), with the code encrypted.',
    });

    const resend = await nextEvent('CustomEmailSender', () => t.cognito.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'sue' })));
    expect(resend.event).toEqual(emailEvent('ResendCode', 'sue', clientId, { sub: expect.any(String), email: 'sue@example.com', 'cognito:user_status': 'UNCONFIRMED' }));
    await t.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'sue', ConfirmationCode: resend.code }));
    expect((await t.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'sue' }))).UserStatus).toBe('CONFIRMED');
    expect(rig.rejected).toEqual([]);
  });

  it('CustomEmailSender_AdminCreateUser: the temporary password, HTML-escaped as Cognito does, and the password itself signs in', async () => {
    const invite = await nextEvent('CustomEmailSender', () => t.cognito.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'ivy', TemporaryPassword: 'Tmp<Pass&1', DesiredDeliveryMediums: ['EMAIL'], ClientMetadata: { by: 'ops' },
      UserAttributes: [{ Name: 'email', Value: 'ivy@example.com' }],
    })));
    expect(invite.event).toEqual(emailEvent('AdminCreateUser', 'ivy', null, { sub: expect.any(String), email: 'ivy@example.com', 'cognito:user_status': 'FORCE_CHANGE_PASSWORD' }, { by: 'ops' }));
    expect(invite.code).toBe('Tmp&lt;Pass&amp;1');
    const challenge = await t.cognito.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ivy', PASSWORD: 'Tmp<Pass&1' } }));
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('CustomEmailSender_ForgotPassword, _UpdateUserAttribute and _VerifyUserAttribute: the events, and each decrypted code works', async () => {
    await adminCreatedUser(t, poolId, 'fox', PASSWORD, [{ Name: 'email', Value: 'fox@example.com' }, { Name: 'email_verified', Value: 'true' }]);
    const forgot = await nextEvent('CustomEmailSender', () => t.cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'fox', ClientMetadata: { flow: 'reset' } })));
    expect(forgot.event).toEqual(emailEvent('ForgotPassword', 'fox', clientId, { sub: expect.any(String), email: 'fox@example.com', email_verified: 'true', 'cognito:user_status': 'CONFIRMED' }, { flow: 'reset' }));
    await t.cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'fox', ConfirmationCode: forgot.code, Password: 'N3w-Passw0rd!' }));

    const { AccessToken } = await signIn(t, { poolId, clientId }, 'fox', 'N3w-Passw0rd!');
    const moved = { sub: expect.any(String), email: 'fox.new@example.com', email_verified: 'false', 'cognito:user_status': 'CONFIRMED' };
    const update = await nextEvent('CustomEmailSender', () => t.cognito.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: 'fox.new@example.com' }] })));
    expect(update.event).toEqual(emailEvent('UpdateUserAttribute', 'fox', clientId, moved));
    const verify = await nextEvent('CustomEmailSender', () => t.cognito.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email', ClientMetadata: { step: 'verify' } })));
    expect(verify.event).toEqual(emailEvent('VerifyUserAttribute', 'fox', clientId, moved, { step: 'verify' }));
    await t.cognito.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: verify.code }));
  });

  it('CustomSMSSender_Authentication: the SMS MFA code, decrypted with plain @aws-crypto/client-node and a raw AES keyring, signs in', async () => {
    const mfa = await t.fixtures.poolWithClient({ LambdaConfig: senders(rig, ['CustomSMSSender']) });
    await t.cognito.send(new SetUserPoolMfaConfigCommand({ UserPoolId: mfa.poolId, MfaConfiguration: 'ON', SmsMfaConfiguration: { SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sms' } } }));
    await adminCreatedUser(t, mfa.poolId, 'mo', PASSWORD, [{ Name: 'phone_number', Value: '+15555550177' }]);
    const before = rig.events('CustomSMSSender').length;
    const challenge = await t.cognito.send(new InitiateAuthCommand({ ClientId: mfa.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'mo', PASSWORD } }));
    const event = (await rig.waitForEvents('CustomSMSSender', before + 1))[before];
    expect(event).toEqual({
      ...ENVELOPE, triggerSource: 'CustomSMSSender_Authentication', userPoolId: mfa.poolId, userName: 'mo',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: mfa.clientId },
      request: { type: 'customSMSSenderRequestV1', code: expect.any(String), userAttributes: { sub: expect.any(String), phone_number: '+15555550177', 'cognito:user_status': 'CONFIRMED' } },
    });
    const keyring = new RawAesKeyringNode({
      keyNamespace: 'gatehouse', keyName: KMS_KEY_ID, unencryptedMasterKey: new Uint8Array(Buffer.from(key, 'base64')),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
    const { plaintext, messageHeader } = await buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).decrypt(keyring, Buffer.from(event.request.code, 'base64'));
    expect(messageHeader.encryptionContext).toMatchObject({ 'userpool-id': mfa.poolId });
    const out = await t.cognito.send(new RespondToAuthChallengeCommand({
      ClientId: mfa.clientId, ChallengeName: 'SMS_MFA', Session: challenge.Session, ChallengeResponses: { USERNAME: 'mo', SMS_MFA_CODE: Buffer.from(plaintext).toString('utf8') },
    }));
    expect(out.AuthenticationResult?.AccessToken).toBeDefined();
    expect(await latestMessage(t, mfa.poolId, 'mo')).toMatchObject({ medium: 'SMS', code: null });
  });
});

describe('custom senders with CustomMessage, failures and configuration', () => {
  let rig: TriggerRig;
  let t: TestServer;
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-sender-'));

  beforeAll(async () => {
    rig = await startTriggerRig('module', ['CustomEmailSender', 'CustomMessage']);
    t = await startTestServer({ dataDir, config: { triggers: rig.config } });
  });
  afterAll(async () => {
    await t?.close();
    await rig?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('with a custom email sender, CustomMessage is not run for email (the sender gets no text) but still for SMS', async () => {
    const { clientId, poolId } = await t.fixtures.poolWithClient({
      AutoVerifiedAttributes: ['email', 'phone_number'],
      LambdaConfig: { CustomMessage: rig.arn('CustomMessage'), ...senders(rig, ['CustomEmailSender']) },
    });
    rig.handle('CustomMessage', (event) => ({ ...event, response: { ...event.response, smsMessage: `Texted ${event.request.usernameParameter} ${event.request.codeParameter}` } }));
    const before = rig.events('CustomEmailSender').length;
    await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'both', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'both@example.com' }] }));
    await rig.waitForEvents('CustomEmailSender', before + 1);
    expect(rig.events('CustomMessage')).toEqual([]);
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'texted', DesiredDeliveryMediums: ['SMS'], UserAttributes: [{ Name: 'phone_number', Value: '+15555550123' }] }));
    expect(rig.events('CustomMessage').map((e) => e.triggerSource)).toEqual(['CustomMessage_AdminCreateUser']);
    const texted = (await latestMessage(t, poolId, 'texted'))!;
    expect(texted.body).toBe(`Texted texted ${texted.code}`);
  });

  it('a sender that fails does not fail the operation (it runs asynchronously); a pool without KMSKeyID cannot send', async () => {
    rig.handle('CustomEmailSender', () => {
      throw new Error('provider down');
    });
    const { clientId } = await t.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'], LambdaConfig: senders(rig, ['CustomEmailSender']) });
    const out = await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'failing', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'failing@example.com' }] }));
    expect(out.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'EMAIL' });

    const noKey = await t.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'], LambdaConfig: { CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: rig.arn('CustomEmailSender') } } });
    await expect(t.cognito.send(new SignUpCommand({ ClientId: noKey.clientId, Username: 'nokey', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'nokey@example.com' }] })))
      .rejects.toMatchObject({ name: 'InvalidUserPoolConfigurationException' });
  });

  it('each KMSKeyID has its own key: a code does not decrypt with another KMSKeyID\'s key', async () => {
    const key = await triggerKey(dataDir);
    const { clientId } = await t.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'], LambdaConfig: senders(rig, ['CustomEmailSender']) });
    rig.handle('CustomEmailSender', (event) => event);
    const before = rig.events('CustomEmailSender').length;
    await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'keyed', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'keyed@example.com' }] }));
    const code = (await rig.waitForEvents('CustomEmailSender', before + 1))[before].request.code;
    expect(await decryptCode(code, { key, kmsKeyId: KMS_KEY_ID })).toMatch(/^[0-9]{6}$/);
    await expect(decryptCode(code, { key, kmsKeyId: `${KMS_KEY_ID}0` })).rejects.toThrow();
    await expect(decryptCode(code, { key: randomBytes(32).toString('base64'), kmsKeyId: KMS_KEY_ID })).rejects.toThrow();

    // The shipped example handler, configured as the docs say, decrypts it too.
    const example = new URL('../../examples/custom-email-sender.mjs', import.meta.url).href;
    const { handler } = (await import(example)) as { handler: (event: Event) => Promise<void> };
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    process.env.GATEHOUSE_TRIGGER_KEY = key;
    process.env.KMS_KEY_ID = KMS_KEY_ID;
    try {
      await handler((await rig.waitForEvents('CustomEmailSender', before + 1))[before]);
      expect(JSON.parse(String(log.mock.calls[0][0]))).toEqual({ to: 'keyed@example.com', subject: 'Welcome! Confirm your account', length: 'Your code is 000000.'.length });
    } finally {
      log.mockRestore();
      delete process.env.GATEHOUSE_TRIGGER_KEY;
      delete process.env.KMS_KEY_ID;
    }
  }, 180_000);
});

/**
 * A KMS API on 127.0.0.1 (GenerateDataKey, Decrypt) that keeps the data keys it hands out: enough
 * for the AWS Encryption SDK's KMS keyring, on both sides, to run against it.
 */
async function startFakeKms(): Promise<{ url: string; calls: string[]; close(): Promise<void> }> {
  const wrapped = new Map<string, { keyId: string; plaintext: Buffer }>();
  const calls: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const signed = String(req.headers.authorization ?? '').includes('/kms/aws4_request');
      calls.push(`${target}${signed ? '' : ' (unsigned)'}`);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(json));
      };
      if (target === 'TrentService.GenerateDataKey') {
        const plaintext = randomBytes(body.NumberOfBytes ?? 32);
        const blob = randomBytes(48).toString('base64');
        wrapped.set(blob, { keyId: body.KeyId, plaintext });
        return send(200, { KeyId: body.KeyId, CiphertextBlob: blob, Plaintext: plaintext.toString('base64') });
      }
      if (target === 'TrentService.Decrypt') {
        const found = wrapped.get(body.CiphertextBlob);
        if (!found) return send(400, { __type: 'InvalidCiphertextException', message: 'unknown ciphertext' });
        return send(200, { KeyId: found.keyId, Plaintext: found.plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      }
      send(400, { __type: 'UnsupportedOperationException', message: target });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('custom senders with triggers.kmsEndpoint', () => {
  it('encrypts under the KMSKeyID at that KMS API, and a handler written for Cognito (KmsKeyringNode) decrypts it', async () => {
    const kms = await startFakeKms();
    const rig = await startTriggerRig('module', ['CustomEmailSender']);
    // The KMS API is signed with the standard AWS credentials, as the Lambda Invoke API is.
    process.env.AWS_ACCESS_KEY_ID ??= 'AKIDKMSTEST000000001';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'kms-test-secret-0123456789';
    const t = await startTestServer({ config: { triggers: { ...rig.config, kmsEndpoint: kms.url } } });
    try {
      const { clientId } = await t.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'], LambdaConfig: senders(rig, ['CustomEmailSender']) });
      await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'kim', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'kim@example.com' }] }));
      const event = (await rig.waitForEvents('CustomEmailSender', 1))[0];
      const keyring = new KmsKeyringNode({ keyIds: [KMS_KEY_ID], clientProvider: getClient(KMS, { endpoint: kms.url }) });
      const { plaintext } = await buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT).decrypt(keyring, Buffer.from(event.request.code, 'base64'));
      await t.cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'kim', ConfirmationCode: Buffer.from(plaintext).toString('utf8') }));
      expect(kms.calls).toEqual(['TrentService.GenerateDataKey', 'TrentService.Decrypt']);
    } finally {
      await t.close();
      await rig.close();
      await kms.close();
    }
  });
});
