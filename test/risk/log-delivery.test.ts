// Log delivery through the AWS SDK: Set/GetLogDeliveryConfiguration with Cognito's rules, and the
// events themselves reaching a file and a webhook that stand for the configured ARNs.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  GetLogDeliveryConfigurationCommand,
  SetLogDeliveryConfigurationCommand,
  SignUpCommand,
  SetRiskConfigurationCommand,
  type LogConfigurationType,
} from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_KEY, startTestServer, type TestServer } from '../helpers/server.js';

const PASSWORD = 'Logs-Passw0rd!';
const LOG_GROUP = 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/vendedlogs/cognito/auth';
const NOTIFICATIONS = 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/vendedlogs/cognito/notifications';
const STREAM = 'arn:aws:firehose:us-east-1:000000000000:deliverystream/cognito-auth';
const BUCKET = 'arn:aws:s3:::cognito-auth-logs';
const UNMAPPED = 'arn:aws:logs:us-east-1:000000000000:log-group:/nowhere';

let t: TestServer;
let folder: string;
let hook: Server;
const received: unknown[] = [];

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Waits (bounded) until `check` holds; the shipper delivers in the background. */
async function eventually<T>(check: () => T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const value = check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not met in time');
}

const linesOf = (path: string): Array<Record<string, any>> =>
  existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'gatehouse-logs-'));
  hook = createServer(async (request, response) => {
    received.push(JSON.parse(await readBody(request)));
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/cognito-logs`;
  t = await startTestServer({
    config: {
      logDelivery: {
        destinations: { [LOG_GROUP]: join(folder, 'auth.log'), [NOTIFICATIONS]: join(folder, 'notifications.log'), [STREAM]: hookUrl, [BUCKET]: join(folder, 'bucket.log') },
      },
      // Nothing listens on port 1: every email fails, which is what userNotification logs.
      messaging: { smtpUrl: 'smtp://127.0.0.1:1' },
    },
  });
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => hook.close(() => resolve()));
  rmSync(folder, { recursive: true, force: true });
});

const setLogs = (UserPoolId: string, LogConfigurations: LogConfigurationType[]) =>
  t.cognito.send(new SetLogDeliveryConfigurationCommand({ UserPoolId, LogConfigurations }));

describe('SetLogDeliveryConfiguration and GetLogDeliveryConfiguration', () => {
  it('keep the configurations and answer them back', async () => {
    const poolId = await t.fixtures.pool({ UserPoolTier: 'PLUS' });
    expect((await t.cognito.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }))).LogDeliveryConfiguration)
      .toEqual({ UserPoolId: poolId, LogConfigurations: [] });
    const configurations: LogConfigurationType[] = [
      { EventSource: 'userNotification', LogLevel: 'ERROR', CloudWatchLogsConfiguration: { LogGroupArn: NOTIFICATIONS } },
      { EventSource: 'userAuthEvents', LogLevel: 'INFO', S3Configuration: { BucketArn: BUCKET } },
    ];
    expect((await setLogs(poolId, configurations)).LogDeliveryConfiguration).toEqual({ UserPoolId: poolId, LogConfigurations: configurations });
    expect((await t.cognito.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }))).LogDeliveryConfiguration)
      .toEqual({ UserPoolId: poolId, LogConfigurations: configurations });
    await setLogs(poolId, []);
    expect((await t.cognito.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }))).LogDeliveryConfiguration!.LogConfigurations).toEqual([]);
  });

  it('refuses what Cognito refuses, and destinations this server does not map', async () => {
    const plus = await t.fixtures.pool({ UserPoolTier: 'PLUS' });
    const essentials = await t.fixtures.pool();
    await expect(setLogs(essentials, [{ EventSource: 'userAuthEvents', LogLevel: 'INFO', CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } }]))
      .rejects.toMatchObject({ name: 'FeatureUnavailableInTierException' });
    const refused: LogConfigurationType[][] = [
      [{ EventSource: 'userAuthEvents', LogLevel: 'ERROR', CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } }],
      [{ EventSource: 'userNotification', LogLevel: 'ERROR', S3Configuration: { BucketArn: BUCKET } }],
      [{ EventSource: 'userAuthEvents', LogLevel: 'INFO' }],
      [{ EventSource: 'userAuthEvents', LogLevel: 'INFO', CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP }, S3Configuration: { BucketArn: BUCKET } }],
      [{ EventSource: 'userAuthEvents', LogLevel: 'INFO', CloudWatchLogsConfiguration: { LogGroupArn: UNMAPPED } }],
      [{ EventSource: 'userAuthEvents', LogLevel: 'INFO', CloudWatchLogsConfiguration: { LogGroupArn: 'not-an-arn-at-all-really' } }],
      [{ EventSource: 'somethingElse' as never, LogLevel: 'INFO', CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } }],
      [
        { EventSource: 'userAuthEvents', LogLevel: 'INFO', CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } },
        { EventSource: 'userAuthEvents', LogLevel: 'INFO', FirehoseConfiguration: { StreamArn: STREAM } },
      ],
    ];
    for (const configurations of refused) await expect(setLogs(plus, configurations)).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: 'us-east-1_nosuch' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('delivered log events', () => {
  it('writes each sign-in event to the file a log group maps to, in Cognito\'s userAuthEvents shape', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient({ UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } });
    await setLogs(poolId, [{ EventSource: 'userAuthEvents', LogLevel: 'INFO', CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } }]);
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ola', MessageAction: 'SUPPRESS' }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'ola', Password: PASSWORD, Permanent: true }));
    await t.cognito.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ola', PASSWORD } }));
    const path = join(folder, 'auth.log');
    const [line] = await eventually(() => {
      const lines = linesOf(path).filter((l) => l.logSourceId?.userPoolId === poolId);
      return lines.length > 0 ? lines : undefined;
    });
    expect(line).toMatchObject({
      eventSource: 'USER_AUTH_EVENTS',
      logLevel: 'INFO',
      eventTimestamp: expect.stringMatching(/^\d+$/),
      logSourceId: { userPoolId: poolId, userPoolArn: `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}` },
      message: {
        eventType: 'SignIn', eventResponse: 'Pass', userName: 'ola', clientId, riskDecision: 'NoRisk', compromisedCredentialDetected: false,
        challenges: [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }], ipAddress: '127.0.0.1', userPoolId: poolId,
      },
    });
  });

  it('POSTs each event to the webhook a Firehose stream maps to', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient({ UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
    await setLogs(poolId, [{ EventSource: 'userAuthEvents', LogLevel: 'INFO', FirehoseConfiguration: { StreamArn: STREAM } }]);
    await t.cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'pia', MessageAction: 'SUPPRESS' }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'pia', Password: PASSWORD, Permanent: true }));
    await expect(t.cognito.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'pia', PASSWORD: 'Wrong-Passw0rd!' } })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const event = await eventually(() => received.find((e: any) => e.logSourceId?.userPoolId === poolId) as Record<string, any> | undefined);
    expect(event).toMatchObject({ eventSource: 'USER_AUTH_EVENTS', message: { eventResponse: 'Fail', userName: 'pia', challenges: [{ ChallengeName: 'Password', ChallengeResponse: 'Failure' }] } });
  });

  it('writes a userNotification ERROR event when a message cannot be sent', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient({ UserPoolTier: 'PLUS', AutoVerifiedAttributes: ['email'] });
    await setLogs(poolId, [{ EventSource: 'userNotification', LogLevel: 'ERROR', CloudWatchLogsConfiguration: { LogGroupArn: NOTIFICATIONS } }]);
    await t.cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'quin', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'quin@example.com' }] })).catch(() => undefined);
    const [line] = await eventually(() => {
      const lines = linesOf(join(folder, 'notifications.log')).filter((l) => l.logSourceId?.userPoolId === poolId);
      return lines.length > 0 ? lines : undefined;
    });
    expect(line).toMatchObject({ eventSource: 'USER_NOTIFICATION', logLevel: 'ERROR', message: { details: expect.stringContaining('Email message failed to send') } });
    expect(JSON.stringify(line)).not.toMatch(/\b\d{6}\b/);
  });

  it('logs a risk notice that cannot be sent, and the sign-in goes on', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient({ UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } });
    await setLogs(poolId, [{ EventSource: 'userNotification', LogLevel: 'ERROR', CloudWatchLogsConfiguration: { LogGroupArn: NOTIFICATIONS } }]);
    await t.cognito.send(new SetRiskConfigurationCommand({
      UserPoolId: poolId,
      AccountTakeoverRiskConfiguration: {
        NotifyConfiguration: { SourceArn: 'arn:aws:ses:us-east-1:000000000000:identity/security@example.com' },
        Actions: { LowAction: { Notify: true, EventAction: 'NO_ACTION' } },
      },
    }));
    await t.cognito.send(new AdminCreateUserCommand({
      UserPoolId: poolId, Username: 'rui', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'rui@example.com' }, { Name: 'email_verified', Value: 'true' }],
    }));
    await t.cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'rui', Password: PASSWORD, Permanent: true }));
    const signIn = (ip: string) => t.cognito.send(new AdminInitiateAuthCommand({
      UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'rui', PASSWORD },
      ContextData: { IpAddress: ip, ServerName: 'app', ServerPath: '/', HttpHeaders: [] },
    }));
    await signIn('198.51.100.1');
    // A new address: Low risk, a notice is due, SMTP fails; the tokens come all the same.
    expect((await signIn('203.0.113.1')).AuthenticationResult?.AccessToken).toBeTruthy();
    const [line] = await eventually(() => {
      const lines = linesOf(join(folder, 'notifications.log')).filter((l) => l.logSourceId?.userPoolId === poolId);
      return lines.length > 0 ? lines : undefined;
    });
    expect(line!.message.details).toContain('risk_notification');
  });

  it('exposes the count of dropped events at /metrics', async () => {
    const response = await fetch(`${t.url}/metrics`, {
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN_KEY.accessKeyId}:${ADMIN_KEY.secretAccessKey}`).toString('base64')}` },
    });
    expect(await response.text()).toMatch(/^gatehouse_log_events_dropped 0$/m);
  });
});
