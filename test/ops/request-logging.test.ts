// At log level debug, every request gets an "incoming request" and a "request completed" line bound
// to the request id its answer carries (X-Request-Id), the same for the JSON API (answered beside
// Fastify, api/http.ts) as for the pages and endpoints Fastify answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouseProcess, type GatehouseProcess } from '../helpers/process.js';

interface LogLine { msg?: string; reqId?: string; req?: { method?: string; url?: string }; res?: { statusCode?: number }; responseTime?: number }

describe('request logging at debug', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-request-logging-'));
  let server: GatehouseProcess;
  beforeAll(async () => {
    server = await startGatehouseProcess(['--data', dataDir], { GATEHOUSE_LOG_LEVEL: 'debug' });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The request's two lines, once the second has been written (waits on the process's output, at most 10 s). */
  async function linesOf(requestId: string): Promise<LogLine[]> {
    const find = () => server.output().split('\n').filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine).filter((line) => line.reqId === requestId);
    const deadline = Date.now() + 10_000;
    while (!find().some((line) => line.msg === 'request completed') && Date.now() < deadline) {
      await new Promise((resolve) => server.child.stdout!.once('data', resolve));
    }
    return find();
  }

  it('logs an API call with the id of its answer, as Fastify logs a page', async () => {
    const api = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' },
      body: JSON.stringify({ AccessToken: 'not-a-token' }),
    });
    expect(api.status).toBe(400);
    const apiId = api.headers.get('x-request-id')!;
    expect(api.headers.get('x-amzn-requestid')).toBe(apiId);

    const page = await fetch(`${server.url}/health`);
    expect(page.status).toBe(200);
    const pageId = page.headers.get('x-request-id')!;

    for (const [id, method, url, status] of [[apiId, 'POST', '/', 400], [pageId, 'GET', '/health', 200]] as const) {
      const lines = await linesOf(id);
      expect(lines.find((line) => line.msg === 'incoming request')?.req).toMatchObject({ method, url });
      const completed = lines.find((line) => line.msg === 'request completed');
      expect(completed?.res?.statusCode).toBe(status);
      expect(typeof completed?.responseTime).toBe('number');
    }
  });
});
