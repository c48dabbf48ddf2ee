// The composition root's wiring: builds the domain's Deps once at start.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config/schema.js';
import { publicBaseUrl } from './config/load.js';
import type { Store } from './store/store.js';
import { systemClock, type Clock } from './clock.js';
import type { Deps, Secrets } from './domain/deps.js';
import { createSealer } from './crypto/seal.js';
import { createPasswordHasher } from './crypto/password.js';
import { createKeyService, type RsaKeySource } from './tokens/keys.js';
import { createMessenger } from './messaging/messenger.js';
import { createTriggerInvoker } from './triggers/invoker.js';
import type { TriggerInvoker } from './triggers/types.js';
import { createQuotaLimiter } from './domain/quotas/limiter.js';
import type { Metrics } from './domain/metrics.js';
import { createMetrics } from './metrics.js';
import { createBreachedPasswords } from './crypto/breached-passwords.js';
import { createLogShipper } from './messaging/log-shipper.js';
import { readFileSync } from 'node:fs';
import { geoDatabaseBuilder, type GeoDatabase } from './domain/risk/geo-database.js';

export function createDeps(options: {
  config: Config; store: Store; secrets: Secrets; log: FastifyBaseLogger; clock?: Clock; metrics?: Metrics;
  /** Where new pools' RSA keys come from: generated unless a test server reuses them (tokens/reusable-keys.ts). */
  rsaKeys?: RsaKeySource;
}): Deps {
  const { config, store, secrets, log } = options;
  const metrics = options.metrics ?? createMetrics();
  const clock = options.clock ?? systemClock;
  const sealer = createSealer(secrets.keyEncryptionKey);
  let listeningPort: number | undefined;
  const baseUrl = () => publicBaseUrl(config, listeningPort);
  return {
    config,
    store,
    clock,
    sealer,
    secrets,
    log,
    passwords: createPasswordHasher({
      memoryKiB: config.security.argon2MemoryKiB,
      iterations: config.security.argon2Iterations,
      maxQueued: config.security.maxQueuedPasswordHashes,
      maxQueuedPerSource: config.security.maxQueuedPasswordHashesPerSource,
    }),
    keys: createKeyService(store, sealer, clock, options.rsaKeys),
    messenger: createMessenger(config, store, clock, log),
    triggers: countedTriggers(createTriggerInvoker(config, log), metrics),
    baseUrl,
    setListeningPort: (port) => {
      listeningPort = port;
    },
    issuer: (poolId) =>
      config.tokens.issuerMode === 'aws'
        ? `https://cognito-idp.${config.aws.region}.amazonaws.com/${poolId}`
        : `${baseUrl()}/${poolId}`,
    breachedPasswords: createBreachedPasswords(config.threatProtection.breachedPasswordsFile),
    logShipper: createLogShipper({ destinations: config.logDelivery.destinations, queueSize: config.logDelivery.queueSize, log }),
    quotas: createQuotaLimiter(config, store, clock),
    metrics,
    ...(config.threatProtection.geoDatabaseFile && { geoDatabase: readGeoDatabase(config.threatProtection.geoDatabaseFile) }),
  };
}

/** The geo database file, split into lines from one buffer (a GeoLite2 file is too large for one string). */
function readGeoDatabase(path: string): GeoDatabase {
  const bytes = readFileSync(path);
  const builder = geoDatabaseBuilder();
  for (let start = 0; start < bytes.length;) {
    const newline = bytes.indexOf(10, start);
    const end = newline < 0 ? bytes.length : newline;
    builder.addLine(bytes.toString('utf8', start, end));
    start = end + 1;
  }
  return builder.build();
}

/** The invoker, counting each synchronous invocation by trigger and outcome. */
function countedTriggers(invoker: TriggerInvoker, metrics: Metrics): TriggerInvoker {
  return {
    ...invoker,
    async invoke(trigger, arn, event) {
      const startedAt = performance.now();
      let outcome = 'ok';
      try {
        return await invoker.invoke(trigger, arn, event);
      } catch (error) {
        outcome = (error as Error).name;
        throw error;
      } finally {
        metrics.trigger(trigger, outcome, (performance.now() - startedAt) / 1000);
      }
    },
  };
}
