// What the domain needs, passed in: nothing is global. The composition root (src/deps.ts) builds it.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/schema.js';
import type { Clock } from '../clock.js';
import type { AccessKey } from '../cognito/types.js';
import type { Store } from '../store/store.js';
import type { Sealer } from '../crypto/seal.js';
import type { PasswordHasher } from '../crypto/password.js';
import type { KeyService } from '../tokens/keys.js';
import type { Messenger } from '../messaging/messenger.js';
import type { TriggerInvoker } from '../triggers/types.js';
import type { QuotaLimiter } from './quotas/limiter.js';
import type { Metrics } from './metrics.js';
import type { BreachedPasswords } from '../crypto/breached-passwords.js';
import type { GeoDatabase } from './risk/geo-database.js';
import type { LogShipper } from '../messaging/log-shipper.js';

/** Server secrets: the key-encryption key and the admin access keys. */
export interface Secrets {
  keyEncryptionKey: Buffer;
  adminKeys: AccessKey[];
  /** What was generated on this start, to print once. */
  generated: { adminKey?: AccessKey; keyEncryptionKey?: boolean };
}

export interface Deps {
  config: Config;
  store: Store;
  clock: Clock;
  sealer: Sealer;
  passwords: PasswordHasher;
  keys: KeyService;
  messenger: Messenger;
  /** Runs the functions pools name in LambdaConfig (domain/triggers/ builds their events). */
  triggers: TriggerInvoker;
  secrets: Secrets;
  log: FastifyBaseLogger;
  /** The public base URL; known for certain only once the server listens (port 0 in tests). */
  baseUrl(): string;
  setListeningPort(port: number): void;
  /** The `iss` of tokens for a pool. */
  issuer(poolId: string): string;
  /** Request-rate quotas per pool and category. */
  quotas: QuotaLimiter;
  /** What operators watch at /metrics. */
  metrics: Metrics;
  /** The API request's caller, recorded with the session a sign-in opens or a refresh uses; absent elsewhere. */
  requestClient?: { ip: string; userAgent?: string };
  /** The operator's breached-password list (compromised-credentials detection). */
  breachedPasswords: BreachedPasswords;
  /** Delivers log events to SetLogDeliveryConfiguration's destinations. */
  logShipper: LogShipper;
  /** The operator's geo database (impossible travel); absent when none is configured. */
  geoDatabase?: GeoDatabase;
}
