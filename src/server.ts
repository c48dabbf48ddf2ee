// Starts a whole Gatehouse: config → secrets → store (migrated) → deps → declared pools → app → listen.
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Config } from './config/schema.js';
import { loadSecrets } from './secrets.js';
import { openStore } from './store/open.js';
import { createDeps } from './deps.js';
import type { Clock } from './clock.js';
import type { RsaKeySource } from './tokens/keys.js';
import type { Deps } from './domain/deps.js';
import { buildApp } from './app.js';
import { createMetrics } from './metrics.js';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';
import { applyDeclarations, type AppliedPool } from './declare/apply.js';
import type { DeclarationFile } from './declare/file-schema.js';
import { startImportWorker, type ImportWorker } from './domain/user-import/worker.js';

export interface RunningServer {
  /** Everything but the JSON API: app.inject() does not reach POST / (see http-server.ts); use the URL. */
  app: FastifyInstance;
  deps: Deps;
  /** The public base URL (issuers, links): server.publicUrl when set. */
  url: string;
  /** Where this process listens, e.g. http://127.0.0.1:9229. */
  listenUrl: string;
  /** What the config file's declared pools became on this start. */
  applied: AppliedPool[];
  /** Where the unauthenticated metrics port answers, when metrics.port is set. */
  metricsUrl?: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  clock?: Clock;
  logger?: boolean;
  declarations?: DeclarationFile;
  /** Where new pools' RSA keys come from; test servers only (tokens/reusable-keys.ts). */
  rsaKeys?: RsaKeySource;
}

/** Everything but HTTP: for the server and for CLI commands that work on the store directly. */
export async function openDeps(config: Config, options: Omit<ServerOptions, 'declarations'> = {}): Promise<Deps> {
  const log = pino({
    level: options.logger === false ? 'silent' : config.server.logLevel,
    // Defence in depth: nothing secret should reach a log line, but if one does, blank it.
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.Password', '*.code', '*.token'],
  });
  const secrets = loadSecrets(config);
  const metrics = createMetrics();
  const store = await openStore(config, (error) => log.warn({ err: error }, 'PostgreSQL connection lost while idle; the pool replaces it'), metrics.storeObserver);
  const deps = createDeps({ config, store, secrets, log, clock: options.clock, metrics, rsaKeys: options.rsaKeys });
  metrics.watch(deps);
  return deps;
}

export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const deps = await openDeps(config, options);
  let app: FastifyInstance | undefined;
  let applied: AppliedPool[] = [];
  let metricsServer: MetricsServer | undefined;
  let importWorker: ImportWorker | undefined;
  try {
    app = await buildApp(deps);
    await app.listen({ host: config.server.host, port: config.server.port });
    const address = app.server.address();
    deps.setListeningPort(typeof address === 'object' && address ? address.port : config.server.port);
    // Applied once the port is known (issuers and URLs depend on it), before anyone is told we are up.
    if (options.declarations) applied = await applyDeclarations(deps, options.declarations);
    if (deps.quotas.enabled) await deps.quotas.sync();
    if (config.metrics.port !== undefined) metricsServer = await startMetricsServer(deps.metrics, config.metrics.host, config.metrics.port);
    app.markReady();
    importWorker = startImportWorker(deps);
  } catch (error) {
    await app?.close();
    await metricsServer?.close();
    await deps.quotas.close();
    await deps.triggers.close();
    await deps.store.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const address = app.server.address();
  const listenUrl = typeof address === 'object' && address
    ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
    : deps.baseUrl();
  return {
    app,
    deps,
    url: deps.baseUrl(),
    listenUrl,
    applied,
    // Stop accepting, let in-flight requests finish, then stop the import and trigger workers and close the store.
    ...(metricsServer && { metricsUrl: metricsServer.url }),
    close: () => (closing ??= app!.close()
      .then(() => metricsServer?.close())
      .then(() => deps.quotas.close())
      .then(() => importWorker?.close())
      .then(() => deps.triggers.close())
      .then(() => deps.store.close())),
  };
}
