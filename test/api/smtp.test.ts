// Email delivery by SMTP: the message reaches a real SMTP server, and the stored outbox copy has
// its code blanked (the store never keeps a live code that was really sent).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('email delivery by SMTP', () => {
  const received: Array<{ to: string[]; data: string }> = [];
  let smtp: SMTPServer;
  let t: TestServer;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await startTestServer({ config: { messaging: { smtpUrl: `smtp://127.0.0.1:${port}`, emailFrom: 'auth@gatehouse.test' } } });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(resolve));
  });

  it('sends the sign-up code by SMTP and keeps only a redacted copy in the outbox', async () => {
    const { poolId, clientId } = await t.fixtures.poolWithClient({ AutoVerifiedAttributes: ['email'] });
    await t.cognito.send(new SignUpCommand({
      ClientId: clientId, Username: 'erin', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'erin@example.com' }],
    }));
    expect(received).toHaveLength(1);
    expect(received[0].to).toEqual(['erin@example.com']);
    const code = /verification code is (\d{6})/.exec(received[0].data)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    expect(await t.latestCode(poolId, 'erin')).toBeUndefined();
    const response = await fetch(`${t.url}/_gatehouse/outbox?poolId=${poolId}`, {
      headers: { authorization: `Basic ${Buffer.from('AKIDGATEHOUSETEST01:test-secret-access-key-0123456789').toString('base64')}` },
    });
    const { messages } = (await response.json()) as { messages: Array<{ body: string }> };
    expect(messages[0].body).not.toContain(code!);
  });

  it('refuses the outbox route without the admin key', async () => {
    const response = await fetch(`${t.url}/_gatehouse/outbox`);
    expect(response.status).toBe(401);
    const wrong = await fetch(`${t.url}/_gatehouse/outbox`, { headers: { authorization: `Basic ${Buffer.from('AKIDGATEHOUSETEST01:wrong').toString('base64')}` } });
    expect(wrong.status).toBe(401);
  });
});
