// Starts a whole Gatehouse: config → secrets → store (migrated) → deps → app → listen.
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Config } from './config/schema.js';
import { loadSecrets } from './secrets.js';
import { openStore } from './store/open.js';
import { createDeps, type Clock, type Deps } from './deps.js';
import { buildApp } from './app.js';

export interface RunningServer {
  app: FastifyInstance;
  deps: Deps;
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, options: { clock?: Clock; logger?: boolean } = {}): Promise<RunningServer> {
  const log = pino({
    level: options.logger === false ? 'silent' : config.server.logLevel,
    // Defence in depth: nothing secret should reach a log line, but if one does, blank it.
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.Password', '*.code', '*.token'],
  });
  const secrets = loadSecrets(config);
  const store = await openStore(config);
  const deps = createDeps({ config, store, secrets, log, clock: options.clock });
  const app = await buildApp(deps);
  try {
    await app.listen({ host: config.server.host, port: config.server.port });
  } catch (error) {
    await store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  deps.setListeningPort(port);
  let closing: Promise<void> | undefined;
  return {
    app,
    deps,
    url: deps.baseUrl(),
    // Stop accepting, let in-flight requests finish, then close the store.
    close: () => (closing ??= app.close().then(() => store.close())),
  };
}
