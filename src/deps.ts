// Everything a request handler may use, built once at start and passed in: nothing is global.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config/schema.js';
import { publicBaseUrl } from './config/load.js';
import type { Store } from './store/store.js';
import { createSealer, type Sealer } from './crypto/seal.js';
import { createPasswordHasher, type PasswordHasher } from './crypto/password.js';
import { createKeyService, type KeyService } from './tokens/keys.js';
import { createMessenger, type Messenger } from './messaging/messenger.js';
import type { Secrets } from './secrets.js';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface Deps {
  config: Config;
  store: Store;
  clock: Clock;
  sealer: Sealer;
  passwords: PasswordHasher;
  keys: KeyService;
  messenger: Messenger;
  secrets: Secrets;
  log: FastifyBaseLogger;
  /** The public base URL; known for certain only once the server listens (port 0 in tests). */
  baseUrl(): string;
  setListeningPort(port: number): void;
  /** The `iss` of tokens for a pool. */
  issuer(poolId: string): string;
}

export function createDeps(options: { config: Config; store: Store; secrets: Secrets; log: FastifyBaseLogger; clock?: Clock }): Deps {
  const { config, store, secrets, log } = options;
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
    keys: createKeyService(store, sealer, clock),
    messenger: createMessenger(config, store, clock, log),
    baseUrl,
    setListeningPort: (port) => {
      listeningPort = port;
    },
    issuer: (poolId) =>
      config.tokens.issuerMode === 'aws'
        ? `https://cognito-idp.${config.aws.region}.amazonaws.com/${poolId}`
        : `${baseUrl()}/${poolId}`,
  };
}
