// The per-request logger built on first use: a request that logs writes the same line as with
// Fastify's eager child (request id bound, redaction applied); one that does not log builds none.
import { describe, expect, it, vi } from 'vitest';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { lazyChildLogger } from '../../src/request-logger.js';

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, log: pino({ level: 'info', redact: ['*.password'] }, stream) };
}

describe('lazyChildLogger', () => {
  it('writes request lines with the request id and redaction, and builds no child for a silent request', async () => {
    const { lines, log } = capturingLogger();
    const childSpy = vi.spyOn(log, 'child');
    const app = Fastify({ loggerInstance: log, disableRequestLogging: true, childLoggerFactory: lazyChildLogger });
    app.get('/quiet', async () => ({ ok: true }));
    app.get('/loud', async (request) => {
      request.log.warn({ user: { password: 'hunter2', name: 'ann' } }, 'something odd');
      return { ok: true };
    });
    await app.ready();
    childSpy.mockClear(); // Fastify's own set-up children are not the requests'

    expect((await app.inject({ url: '/quiet' })).statusCode).toBe(200);
    expect(childSpy).not.toHaveBeenCalled();
    expect(lines).toHaveLength(0);

    expect((await app.inject({ url: '/loud', headers: { 'request-id': 'ignored' } })).statusCode).toBe(200);
    expect(childSpy).toHaveBeenCalledTimes(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, msg: 'something odd', user: { password: '[Redacted]', name: 'ann' } });
    expect(typeof lines[0].reqId).toBe('string');
    await app.close();
  });

  it('answers level, isLevelEnabled, bindings and child like the real logger', () => {
    const { lines, log } = capturingLogger();
    const childSpy = vi.spyOn(log, 'child');
    const lazy = lazyChildLogger(log, { reqId: 'req-7' }, {});
    expect(lazy.level).toBe('info');
    expect(lazyChildLogger(log, { reqId: 'req-8' }, { level: 'debug' }).level).toBe('debug');
    expect(childSpy).not.toHaveBeenCalled();
    const pinoLike = lazy as unknown as { isLevelEnabled(level: string): boolean; bindings(): object };
    expect(pinoLike.isLevelEnabled('debug')).toBe(false);
    expect(pinoLike.isLevelEnabled('warn')).toBe(true);
    expect(pinoLike.bindings()).toEqual({ reqId: 'req-7' });
    lazy.child({ part: 'inner' }).error('inner line');
    expect(lines[0]).toMatchObject({ reqId: 'req-7', part: 'inner', msg: 'inner line', level: 50 });
  });
});
