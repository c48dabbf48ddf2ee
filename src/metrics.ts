// The server's Prometheus metrics (prom-client), one registry per server so that several servers
// in one process (tests) keep their own counts. Request metrics are recorded through children
// cached by label values: the hot path does two Map lookups and an observe, no string building.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Metrics } from './domain/metrics.js';
import type { PasswordHasher } from './crypto/password.js';
import type { Store, StoreObserver } from './store/store.js';

/** Seconds: sign-ins (argon2id) take tens of milliseconds, lookups far less. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const QUERY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

export interface ServerMetrics extends Metrics {
  /** Reports query durations to the metrics; hand it to openStore. */
  storeObserver: StoreObserver;
  /** Reads the password-hash queue, the store's connection pool and the log delivery queue at each scrape. */
  watch(sources: { passwords: PasswordHasher; store: Store; logShipper?: { readonly dropped: number } }): void;
}

/** A cache of label-bound children, two levels deep, so that recording builds no key string. */
function childCache<C>(make: (a: string, b: string) => C): (a: string, b: string) => C {
  const cache = new Map<string, Map<string, C>>();
  return (a, b) => {
    let inner = cache.get(a);
    if (!inner) cache.set(a, (inner = new Map()));
    let child = inner.get(b);
    if (!child) inner.set(b, (child = make(a, b)));
    return child;
  };
}

export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'gatehouse_' });

  const requests = new Histogram({
    name: 'gatehouse_request_duration_seconds',
    help: 'Requests answered, by operation (Cognito operation, or METHOD and route) and outcome (ok, the Cognito error name, or the HTTP status), with their duration. _count is the number of requests.',
    labelNames: ['operation', 'outcome'],
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  const signIns = new Counter({
    name: 'gatehouse_sign_ins_total',
    help: 'Sign-in steps through the API (InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge, AdminRespondToAuthChallenge) by result: tokens, challenge, or the error name.',
    labelNames: ['result'],
    registers: [registry],
  });
  const lockouts = new Counter({
    name: 'gatehouse_lockouts_total',
    help: 'Users locked after consecutive failed sign-ins (the 5th failure and each later one while it lasts).',
    registers: [registry],
  });
  const triggers = new Histogram({
    name: 'gatehouse_trigger_duration_seconds',
    help: 'Lambda trigger invocations by trigger and outcome (ok or the error name), with their duration.',
    labelNames: ['trigger', 'outcome'],
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  const queries = new Histogram({
    name: 'gatehouse_store_query_duration_seconds',
    help: 'Database queries and their duration.',
    buckets: QUERY_BUCKETS,
    registers: [registry],
  });

  const requestChild = childCache((operation, outcome) => requests.labels(operation, outcome));
  const triggerChild = childCache((trigger, outcome) => triggers.labels(trigger, outcome));
  const signInChild = childCache((result) => signIns.labels(result));

  return {
    request: (operation, outcome, seconds) => requestChild(operation, outcome).observe(seconds),
    signIn: (result) => signInChild(result, '').inc(),
    lockout: () => lockouts.inc(),
    trigger: (trigger, outcome, seconds) => triggerChild(trigger, outcome).observe(seconds),
    storeObserver: { onQuery: (ms) => queries.observe(ms / 1000) },
    watch({ passwords, store, logShipper }) {
      if (logShipper) {
        new Gauge({
          name: 'gatehouse_log_events_dropped',
          help: 'Log delivery events (SetLogDeliveryConfiguration) dropped since the start because the delivery queue was full.',
          registers: [registry],
          collect() {
            this.set(logShipper.dropped);
          },
        });
      }
      const queue: Array<[string, string, 'running' | 'waiting' | 'refused']> = [
        ['gatehouse_password_hashes_running', 'Password hashes (argon2id) running now.', 'running'],
        ['gatehouse_password_hashes_waiting', 'Password hashes waiting for a core.', 'waiting'],
        ['gatehouse_password_hashes_refused', "Password hashes refused (TooManyRequestsException) since the start, the queue or the source's share being full.", 'refused'],
      ];
      for (const [name, help, field] of queue) {
        new Gauge({
          name,
          help,
          registers: [registry],
          collect() {
            this.set(passwords.stats()[field]);
          },
        });
      }
      if (store.dialect === 'postgres') {
        new Gauge({
          name: 'gatehouse_store_connections',
          help: 'PostgreSQL connections of this process by state: total, idle, and requests waiting for one.',
          labelNames: ['state'],
          registers: [registry],
          collect() {
            const stats = store.poolStats?.();
            if (!stats) return;
            this.set({ state: 'total' }, stats.total);
            this.set({ state: 'idle' }, stats.idle);
            this.set({ state: 'waiting' }, stats.waiting);
          },
        });
      }
    },
    render: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
  };
}
