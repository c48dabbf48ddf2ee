// Request-rate quotas: a token bucket per user pool and category, refilled at the category's rate.
// Several processes on one database share a rate approximately: each process registers itself in
// the store every sync interval and takes an equal share of every rate (rate ÷ live processes),
// which is exact when a load balancer spreads requests evenly and errs on the strict side
// otherwise. Provisioned rates (UpdateProvisionedLimit) live in the store and reach the other
// processes at their next sync.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config/schema.js';
import type { Store } from '../../store/store.js';
import { TooManyRequestsException } from '../../cognito/errors.js';
import { DEFAULT_RATES, isQuotaCategory, QUOTA_CATEGORIES, type QuotaCategory } from '../../cognito/quota-categories.js';

/** The budget of operations on no user pool (CreateUserPool, ListUserPools). */
export const ACCOUNT_SCOPE = '';

/** How often a process re-reads provisioned rates and reports itself alive. */
const SYNC_INTERVAL_MS = 5_000;
/** A process not heard from for this long no longer counts. */
const PROCESS_TTL_MS = 3 * SYNC_INTERVAL_MS;
/** Buckets kept before idle (full) ones are dropped: pool ids come from requests. */
const MAX_BUCKETS = 10_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export interface QuotaLimiter {
  readonly enabled: boolean;
  /** Takes one request from the budget of `scope` (a pool id, or ACCOUNT_SCOPE); TooManyRequestsException when it is spent. */
  admit(scope: string, category: QuotaCategory): void;
  /** The configured (free) rate of a category. */
  freeRate(category: QuotaCategory): number;
  /** The rate in force for `scope`: provisioned for it, else provisioned account-wide, else the free rate. */
  rate(scope: string, category: QuotaCategory): number;
  /** Records a provisioned rate (already stored) so that this process applies it at once. */
  provisioned(scope: string, category: QuotaCategory, value: number): void;
  /** Re-reads the provisioned rates and the number of live processes. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export function createQuotaLimiter(config: Config, store: Store, clock: Clock): QuotaLimiter {
  const { enabled } = config.quotas;
  const processId = randomUUID();
  let processes = 1;
  // scope → category → provisioned rate.
  let provisionedRates = new Map<string, Map<string, number>>();
  // scope → one bucket per category, by the category's index.
  const buckets = new Map<string, Array<Bucket | undefined>>();
  const categoryIndex = new Map(QUOTA_CATEGORIES.map((category, index) => [category, index]));

  const freeRate = (category: QuotaCategory): number => config.quotas.rates[category] ?? DEFAULT_RATES[category];
  const rate = (scope: string, category: QuotaCategory): number =>
    provisionedRates.get(scope)?.get(category) ?? provisionedRates.get(ACCOUNT_SCOPE)?.get(category) ?? freeRate(category);

  // This process's share of a rate; a bucket holds one second's worth (at least one request).
  const shareOf = (scope: string, category: QuotaCategory): number => rate(scope, category) / processes;
  const capacityOf = (share: number): number => Math.max(1, share);

  /** Forgets the scopes whose buckets have all refilled: they would start full anyway. */
  const dropIdleBuckets = (now: number) => {
    for (const [scope, list] of buckets) {
      const idle = list.every((bucket, index) => {
        if (!bucket) return true;
        const share = shareOf(scope, QUOTA_CATEGORIES[index]!);
        return bucket.tokens + ((now - bucket.updatedAt) / 1000) * share >= capacityOf(share);
      });
      if (idle) buckets.delete(scope);
    }
  };

  const sync = async () => {
    const now = clock.now();
    processes = Math.max(1, await store.quotaProcesses.heartbeat(processId, now, now - PROCESS_TTL_MS));
    const next = new Map<string, Map<string, number>>();
    for (const record of await store.provisionedLimits.list()) {
      if (!isQuotaCategory(record.category)) continue;
      if (!next.has(record.scope)) next.set(record.scope, new Map());
      next.get(record.scope)!.set(record.category, record.value);
    }
    provisionedRates = next;
    dropIdleBuckets(now);
  };

  let timer: NodeJS.Timeout | undefined;
  let syncing: Promise<void> | undefined;
  if (enabled) {
    timer = setInterval(() => {
      // A failed sync (database briefly away) keeps the last known rates; the next one retries.
      syncing ??= sync().catch(() => undefined).finally(() => (syncing = undefined));
    }, SYNC_INTERVAL_MS);
    timer.unref();
  }

  return {
    enabled,
    admit(scope, category) {
      const now = clock.now();
      const share = shareOf(scope, category);
      const capacity = capacityOf(share);
      let list = buckets.get(scope);
      if (!list) {
        if (buckets.size >= MAX_BUCKETS) dropIdleBuckets(now);
        buckets.set(scope, (list = []));
      }
      const index = categoryIndex.get(category)!;
      let bucket = list[index];
      if (!bucket) list[index] = bucket = { tokens: capacity, updatedAt: now };
      bucket.tokens = Math.min(capacity, bucket.tokens + (Math.max(0, now - bucket.updatedAt) / 1000) * share);
      bucket.updatedAt = now;
      // Cognito: the same error and message for every category.
      if (bucket.tokens < 1) throw new TooManyRequestsException('Too many requests');
      bucket.tokens -= 1;
    },
    freeRate,
    rate,
    provisioned(scope, category, value) {
      if (!provisionedRates.has(scope)) provisionedRates.set(scope, new Map());
      provisionedRates.get(scope)!.set(category, value);
    },
    sync,
    async close() {
      clearInterval(timer);
      await syncing;
      if (enabled) await store.quotaProcesses.remove(processId).catch(() => undefined);
    },
  };
}
