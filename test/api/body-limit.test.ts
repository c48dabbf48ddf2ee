// A request body over the limit (256 KiB) gets the 413 answer in Cognito's error shape, and the
// client reads it: the server reads and discards the rest of the body (within bounds) before it
// answers and closes, instead of resetting a connection the client is still writing to. The server
// runs as its own process: in the test's process the race between the client's writes and the
// server's close does not show.
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoIdentityProviderClient, ListUserPoolsCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ADMIN_KEY } from '../helpers/server.js';
import { startGatehouseProcess, type GatehouseProcess } from '../helpers/process.js';

const TARGET = 'AWSCognitoIdentityProviderService.SignUp';
const TOO_LARGE = { __type: 'SerializationException', message: 'Request body is too large.' };
const MiB = 1024 * 1024;

interface Answer { status?: number; body?: unknown; error?: string }

/** node:http, writing the body in 64 KiB chunks as fast as the socket takes them; `stallAfter` stops writing (without ending) after that many bytes. */
function post(url: string, size: number, options: { chunked?: boolean; stallAfter?: number; method?: string } = {}): Promise<Answer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET };
    if (!options.chunked) headers['content-length'] = size;
    const req = request({ host: hostname, port, method: options.method ?? 'POST', path: '/', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk) => (text += chunk)).on('end', () => resolve({ status: response.statusCode, body: JSON.parse(text) }));
    });
    req.on('error', (error) => resolve({ error: error.message }));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const write = (): void => {
      while (sent < size) {
        if (options.stallAfter !== undefined && sent >= options.stallAfter) return;
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', write);
          return;
        }
      }
      req.end();
    };
    write();
  });
}

describe('request bodies over the limit', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-body-limit-'));
  let server: GatehouseProcess;
  let cognito: CognitoIdentityProviderClient;
  const t = { url: '' };
  beforeAll(async () => {
    server = await startGatehouseProcess(['--data', dataDir], {
      GATEHOUSE_ADMIN_ACCESS_KEY_ID: ADMIN_KEY.accessKeyId, GATEHOUSE_ADMIN_SECRET_ACCESS_KEY: ADMIN_KEY.secretAccessKey,
    });
    t.url = server.url;
    cognito = new CognitoIdentityProviderClient({ endpoint: server.url, region: 'us-east-1', credentials: { ...ADMIN_KEY }, maxAttempts: 1 });
  }, 90_000);
  afterAll(async () => {
    cognito?.destroy();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function expectHealthy(): Promise<void> {
    expect((await fetch(`${t.url}/health`)).status).toBe(200);
    const pools = await cognito.send(new ListUserPoolsCommand({ MaxResults: 1 }));
    expect(pools.UserPools).toEqual([]);
  }

  it('answers a node:http client sending 1 MB and 20 MB bodies with a readable 413 SerializationException', async () => {
    for (const size of [MiB, 20 * MiB]) {
      expect(await post(t.url, size)).toEqual({ status: 413, body: TOO_LARGE });
      expect(await post(t.url, size, { chunked: true })).toEqual({ status: 413, body: TOO_LARGE });
    }
    await expectHealthy();
  });

  it('answers fetch sending 1 MB and 20 MB bodies with a readable 413 SerializationException', async () => {
    for (const size of [MiB, 20 * MiB]) {
      const response = await fetch(`${t.url}/`, {
        method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': TARGET }, body: Buffer.alloc(size, 'a'),
      });
      expect(response.status).toBe(413);
      expect(response.headers.get('x-amzn-errortype')).toBe('SerializationException:');
      expect(await response.json()).toEqual(TOO_LARGE);
    }
    await expectHealthy();
  });

  it('gives the AWS SDK the SerializationException for 1 MB and 20 MB requests, not a network error', async () => {
    for (const size of [MiB, 20 * MiB]) {
      const signUp = cognito.send(new SignUpCommand({ ClientId: 'client1', Username: 'ana', Password: 'Passw0rd!', ClientMetadata: { big: 'a'.repeat(size) } }));
      await expect(signUp).rejects.toMatchObject({ name: 'SerializationException', message: 'Request body is too large.', $metadata: { httpStatusCode: 413 } });
    }
    await expectHealthy();
  });

  it('holds a CORS preflight with a body to the same limit', async () => {
    expect(await post(t.url, 20 * MiB, { method: 'OPTIONS' })).toEqual({ status: 413, body: TOO_LARGE });
    const small = await fetch(`${t.url}/`, { method: 'OPTIONS', headers: { origin: 'https://app.example.com' }, body: 'x'.repeat(100) });
    expect(small.status).toBe(200);
    expect(small.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    await expectHealthy();
  });

  it('answers a sender that stalls mid-body after a bounded wait and closes the connection', async () => {
    const stalled = await post(t.url, 2 * MiB, { stallAfter: 512 * 1024 });
    expect(stalled).toEqual({ status: 413, body: TOO_LARGE });
    await expectHealthy();
  }, 20_000);
});
