// The rules of the record caches (src/store/kysely/record-cache.ts): what they may hand out and what
// they must refuse to keep.
import { describe, expect, it } from 'vitest';
import { RecordCache, cachedRead, cachedRow, writeThenClear } from '../../../src/store/kysely/record-cache.js';

function cacheWith(options: { countWrites?: boolean; maxRecords?: number; quietLookups?: number } = {}) {
  const state = { version: 1, transactionOpen: false, reads: 0, writes: 0 };
  const cache = new RecordCache(() => state.version, () => state.transactionOpen, {
    maxRecords: options.maxRecords,
    quietLookupsBeforeStoring: options.quietLookups,
    ...(options.countWrites && { localWrites: () => state.writes }),
  });
  const read = (value: string) => () => {
    state.reads++;
    return Promise.resolve({ value });
  };
  return { state, cache, read };
}

describe('RecordCache', () => {
  it('reads once, then hands out the same frozen record', async () => {
    const { state, cache, read } = cacheWith();
    const first = await cachedRead(cache, 'pool:a', read('one'));
    const second = await cachedRead(cache, 'pool:a', read('two'));
    expect(second).toBe(first);
    expect(second).toEqual({ value: 'one' });
    expect(Object.isFrozen(second)).toBe(true);
    expect(state.reads).toBe(1);
  });

  it('reads again after a write through this process, and after another connection changed the data version', async () => {
    const { state, cache, read } = cacheWith();
    await cachedRead(cache, 'pool:a', read('one'));
    await writeThenClear(cache, async () => undefined);
    expect(await cachedRead(cache, 'pool:a', read('two'))).toEqual({ value: 'two' });
    state.version = 2;
    expect(await cachedRead(cache, 'pool:a', read('three'))).toEqual({ value: 'three' });
    expect(state.reads).toBe(3);
  });

  it('clears even when the write fails', async () => {
    const { cache, read } = cacheWith();
    await cachedRead(cache, 'pool:a', read('one'));
    await expect(writeThenClear(cache, () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(await cachedRead(cache, 'pool:a', read('two'))).toEqual({ value: 'two' });
  });

  it('does not keep a record read before a write that finished while the read was under way', async () => {
    const { cache } = cacheWith();
    let finishRead!: (value: { value: string }) => void;
    const pending = cachedRead(cache, 'pool:a', () => new Promise<{ value: string }>((resolve) => (finishRead = resolve)));
    await writeThenClear(cache, async () => undefined);
    finishRead({ value: 'stale' });
    expect(await pending).toEqual({ value: 'stale' });
    const lookup = cache.lookup('pool:a');
    expect(lookup && 'hit' in lookup).toBe(false);
  });

  it('does not keep a record read while another connection was writing', async () => {
    const { state, cache } = cacheWith();
    const pending = cachedRead(cache, 'pool:a', async () => {
      state.version = 2;
      return { value: 'read across a change' };
    });
    await pending;
    const lookup = cache.lookup('pool:a');
    expect(lookup && 'hit' in lookup).toBe(false);
  });

  it('neither hands out nor keeps anything while a transaction is open', async () => {
    const { state, cache, read } = cacheWith();
    await cachedRead(cache, 'pool:a', read('one'));
    state.transactionOpen = true;
    expect(cache.lookup('pool:a')).toBeUndefined();
    expect(await cachedRead(cache, 'pool:b', read('in a transaction'))).toEqual({ value: 'in a transaction' });
    state.transactionOpen = false;
    expect(await cachedRead(cache, 'pool:b', read('after'))).toEqual({ value: 'after' });
  });

  it('freezes a record on every path: without a cache (PostgreSQL) and inside a transaction too', async () => {
    expect(Object.isFrozen(await cachedRead(undefined, 'pool:a', async () => ({ value: 'no cache', nested: { list: [1] } })))).toBe(true);
    const { state, cache, read } = cacheWith();
    state.transactionOpen = true;
    expect(Object.isFrozen(await cachedRead(cache, 'pool:a', read('in a transaction')))).toBe(true);
  });

  it('keeps nothing for a record that does not exist', async () => {
    const { cache } = cacheWith();
    expect(await cachedRead(cache, 'client:none', async () => undefined)).toBeUndefined();
    const lookup = cache.lookup('client:none');
    expect(lookup && 'hit' in lookup).toBe(false);
  });

  it("with a count of this process's writes, reads again after any write, even one nothing told it about", async () => {
    const { state, cache, read } = cacheWith({ countWrites: true });
    await cachedRead(cache, 'sub:a', read('one'));
    expect(await cachedRead(cache, 'sub:a', read('two'))).toEqual({ value: 'one' });
    state.writes++;
    expect(await cachedRead(cache, 'sub:a', read('three'))).toEqual({ value: 'three' });
    expect(state.reads).toBe(2);
  });

  it('with a count of writes, does not keep a record read across a write', async () => {
    const { state, cache } = cacheWith({ countWrites: true });
    await cachedRead(cache, 'sub:a', async () => {
      state.writes++;
      return { value: 'read across a write' };
    });
    const lookup = cache.lookup('sub:a');
    expect(lookup && 'hit' in lookup).toBe(false);
  });

  it("when full, lets one miss in sixteen take the oldest record's place", async () => {
    const { state, cache, read } = cacheWith({ maxRecords: 2 });
    await cachedRead(cache, 'a', read('a'));
    await cachedRead(cache, 'b', read('b'));
    for (let i = 1; i <= 15; i++) await cachedRead(cache, `miss ${i}`, read('not kept'));
    expect(state.reads).toBe(17);
    await cachedRead(cache, 'b', read('b again'));
    await cachedRead(cache, 'c', read('c, the sixteenth miss'));
    expect(state.reads).toBe(18);
    expect(await cachedRead(cache, 'c', read('c again'))).toEqual({ value: 'c, the sixteenth miss' });
    expect(await cachedRead(cache, 'b', read('b again'))).toEqual({ value: 'b' });
    expect(await cachedRead(cache, 'a', read('a again'))).toEqual({ value: 'a again' });
  });

  it('keeps rows unfrozen for a repository that makes a new record of one for each caller', async () => {
    const { state, cache, read } = cacheWith({ countWrites: true });
    const first = await cachedRow(cache, 'sub:a', read('row'));
    expect(Object.isFrozen(first)).toBe(false);
    expect(await cachedRow(cache, 'sub:a', read('again'))).toBe(first);
    expect(state.reads).toBe(1);
    expect(await cachedRow(cache, 'sub:none', async () => undefined)).toBeUndefined();
  });

  it('keeps nothing until enough lookups have passed since it was last cleared', async () => {
    const { state, cache, read } = cacheWith({ countWrites: true, quietLookups: 3 });
    for (let i = 0; i < 3; i++) await cachedRow(cache, 'sub:a', read(`read ${i}`));
    expect(state.reads).toBe(3);
    expect(await cachedRow(cache, 'sub:a', read('kept'))).toEqual({ value: 'read 2' });
    state.writes++;
    expect(await cachedRow(cache, 'sub:a', read('after a write'))).toEqual({ value: 'after a write' });
    expect(await cachedRow(cache, 'sub:a', read('still quiet'))).toEqual({ value: 'still quiet' });
    expect(state.reads).toBe(5);
  });
});
