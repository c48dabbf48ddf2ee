// Reading SQLite's `PRAGMA data_version` takes the database's read lock, two system calls: 2 µs,
// as much as all the rest of the store work of a GetUser answered from the caches. A request reads
// a pool or client and a user, so the caches share one reading, taken at most once:
// - per request: each request's arrival forgets the value (KyselyStore.requestArrived, called by
//   the HTTP server before anything else), so a change another process committed before a client
//   sent its request is always seen by that request;
// - per turn of the event loop: work that no request started (timers) never relies on a value read
//   in an earlier turn.
// Between those points everything runs within one request's synchronous work and its microtasks.

export class DataVersionWatch {
  private known: number | undefined;
  private forgetScheduled = false;

  constructor(private readonly read: () => number) {}

  /** SQLite's data_version, read anew when forgotten. */
  readonly current = (): number => {
    if (this.known === undefined) {
      this.known = this.read();
      if (!this.forgetScheduled) {
        this.forgetScheduled = true;
        setImmediate(this.endOfTurn);
      }
    }
    return this.known;
  };

  /** Something came in from outside: the next reading asks SQLite again. */
  forget(): void {
    this.known = undefined;
  }

  private readonly endOfTurn = (): void => {
    this.forgetScheduled = false;
    this.known = undefined;
  };
}
