export interface StartGatehouseOptions {
  /** Pools to create: a declarations file (YAML or JSON, as `gatehouse serve --config` reads) or the same as an object. */
  declarations?: string | { seed?: string; pools?: unknown[] };
  /** A PostgreSQL URL to use instead of a temporary SQLite store (the database is not dropped at stop). */
  databaseUrl?: string;
  /** Any other configuration, by section as in the config file, e.g. `{ security: { argon2MemoryKiB: 19456 } }`. */
  config?: Record<string, Record<string, unknown>>;
  /**
   * Reuse the pools' RSA signing keys of earlier test servers (default true): they are kept in this
   * process and in `node_modules/.cache/gatehouse/` under the working folder, and each key still goes
   * to one pool of a server. `false` generates every key, as `gatehouse serve` always does.
   */
  reuseSigningKeys?: boolean;
}

export interface TestingClient {
  name: string;
  clientId: string;
  clientSecret?: string;
}

export interface TestingPool {
  name: string;
  userPoolId: string;
  /** The issuer of this pool's tokens, as JWT verifiers expect it. */
  issuer: string;
  domain?: string;
  clients: TestingClient[];
}

export interface SentMessage {
  poolId: string;
  username: string;
  purpose: string;
  medium: 'EMAIL' | 'SMS';
  destination: string;
  subject: string | null;
  body: string;
  code: string | null;
  sentAt: Date;
}

export interface RunningGatehouse {
  /** The endpoint for the AWS SDK (`new CognitoIdentityProviderClient({ endpoint, region, credentials })`) and the Hosted UI. */
  endpoint: string;
  region: string;
  /** The admin key: SigV4 credentials that admin operations (AdminCreateUser, CreateUserPool, …) accept. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** The declared pools, in the order of the declarations. */
  pools: TestingPool[];
  /** The first declared pool and its first client: the common case of one of each. */
  userPoolId?: string;
  clientId?: string;
  clientSecret?: string;
  /** What Gatehouse would have sent by email or SMS, newest first (50 unless `limit`). */
  messages(filter?: { poolId?: string; username?: string; limit?: number }): Promise<SentMessage[]>;
  /** The code in the newest message to a user, named by username or by the email or phone it went to (sign-up confirmation, forgotten password, MFA, …). */
  latestCode(username: string, poolId?: string): Promise<string | undefined>;
  /** Stops the server and removes its temporary store. */
  stop(): Promise<void>;
}

/**
 * Starts Gatehouse in this process on 127.0.0.1 and a free port, with a temporary store and the
 * pools of a declarations file or object.
 */
export function startGatehouse(options?: StartGatehouseOptions): Promise<RunningGatehouse>;
