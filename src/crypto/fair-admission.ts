// Admission of scarce work (password hashes) to a few slots, fair between pools and, within a
// pool, between sources (a client address and app client). Work past the free slots waits; the
// waiting line is served round-robin (pool by pool, then source by source), so a flooding source
// delays only itself. Admission is decided before the work starts:
// - a source may have at most `maxWaitingPerSource` tasks waiting; beyond, refused at once;
// - when `maxWaiting` tasks wait in all, a newcomer whose pool (or, in its own pool, whose source)
//   holds fewer waiting tasks than the largest one takes the place of that one's newest task,
//   which is refused; otherwise the newcomer is refused.

export interface WorkOwner {
  pool: string;
  source: string;
}

interface Waiter {
  admit(): void;
  refuse(error: Error): void;
}

export type Admission = (<T>(owner: WorkOwner, task: () => Promise<T>) => Promise<T>) & {
  /** Tasks running and waiting now, and those refused since the start (for the metrics). */
  stats(): { running: number; waiting: number; refused: number };
};

export function createFairAdmission(options: {
  concurrency: number;
  maxWaiting: number;
  maxWaitingPerSource: number;
  /** The error a refused task fails with. */
  refusal: () => Error;
}): Admission {
  let running = 0;
  let waitingCount = 0;
  let refusedCount = 0;
  const refusal = () => {
    refusedCount += 1;
    return options.refusal();
  };
  // Map order is the round-robin order: a served source (and its pool) moves to the end.
  const pools = new Map<string, { count: number; sources: Map<string, Waiter[]> }>();

  const largest = <V>(entries: Iterable<[string, V]>, size: (value: V) => number) => {
    let best: { key: string; value: V; size: number } | undefined;
    for (const [key, value] of entries) if (!best || size(value) > best.size) best = { key, value, size: size(value) };
    return best;
  };

  /** Takes the oldest waiting task of a source (which then goes to the back of the round) or, to refuse it, its newest. */
  const remove = (pool: string, source: string, which: 'oldest' | 'newest'): Waiter => {
    const entry = pools.get(pool)!;
    const queue = entry.sources.get(source)!;
    const waiter = which === 'oldest' ? queue.shift()! : queue.pop()!;
    entry.count -= 1;
    waitingCount -= 1;
    if (queue.length === 0) entry.sources.delete(source);
    if (entry.count === 0) pools.delete(pool);
    if (which === 'oldest') {
      // Served: the source and its pool go to the back of the round.
      if (queue.length > 0) {
        entry.sources.delete(source);
        entry.sources.set(source, queue);
      }
      if (entry.count > 0) {
        pools.delete(pool);
        pools.set(pool, entry);
      }
    }
    return waiter;
  };

  /** Refuses the newest task of the largest share when the newcomer's share is smaller; says whether a place was freed. */
  const makeRoomFor = (owner: WorkOwner): boolean => {
    const ownPoolCount = pools.get(owner.pool)?.count ?? 0;
    const biggestPool = largest(pools, (entry) => entry.count)!;
    const victimPool = biggestPool.key !== owner.pool && ownPoolCount + 1 < biggestPool.size ? biggestPool : undefined;
    const pool = victimPool?.key ?? owner.pool;
    const sources = pools.get(pool)?.sources;
    if (!sources) return false;
    const biggestSource = largest(sources, (queue) => queue.length)!;
    if (!victimPool && (sources.get(owner.source)?.length ?? 0) + 1 >= biggestSource.size) return false;
    remove(pool, biggestSource.key, 'newest').refuse(refusal());
    return true;
  };

  const wait = (owner: WorkOwner): Promise<void> => {
    if ((pools.get(owner.pool)?.sources.get(owner.source)?.length ?? 0) >= options.maxWaitingPerSource) throw refusal();
    if (waitingCount >= options.maxWaiting && !makeRoomFor(owner)) throw refusal();
    return new Promise<void>((admit, refuse) => {
      let entry = pools.get(owner.pool);
      if (!entry) pools.set(owner.pool, (entry = { count: 0, sources: new Map() }));
      let queue = entry.sources.get(owner.source);
      if (!queue) entry.sources.set(owner.source, (queue = []));
      queue.push({ admit, refuse });
      entry.count += 1;
      waitingCount += 1;
    });
  };

  const next = (): Waiter | undefined => {
    const first = pools.entries().next();
    if (first.done) return undefined;
    const [pool, entry] = first.value;
    const [source] = entry.sources.keys();
    return remove(pool, source!, 'oldest');
  };

  const admission = async <T>(owner: WorkOwner, task: () => Promise<T>): Promise<T> => {
    if (running < options.concurrency) running++;
    else await wait(owner);
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiting task (running stays the same) or is freed.
      const waiter = next();
      if (waiter) waiter.admit();
      else running--;
    }
  };
  return Object.assign(admission, { stats: () => ({ running, waiting: waitingCount, refused: refusedCount }) });
}
