// The data_version reading the record caches share (src/store/kysely/data-version-watch.ts): read
// at most once, and read again after a request arrives or the event loop turns.
import { describe, expect, it } from 'vitest';
import { DataVersionWatch } from '../../../src/store/kysely/data-version-watch.js';

function watched() {
  const state = { version: 1, reads: 0 };
  const watch = new DataVersionWatch(() => {
    state.reads++;
    return state.version;
  });
  return { state, watch };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('DataVersionWatch', () => {
  it('reads SQLite once for any number of checks within one piece of work', async () => {
    const { state, watch } = watched();
    expect(watch.current()).toBe(1);
    await Promise.resolve();
    expect(watch.current()).toBe(1);
    expect(state.reads).toBe(1);
  });

  it('reads again after a request arrived, and sees a change made before it', () => {
    const { state, watch } = watched();
    expect(watch.current()).toBe(1);
    state.version = 2;
    watch.forget();
    expect(watch.current()).toBe(2);
    expect(state.reads).toBe(2);
  });

  it('reads again in the next turn of the event loop without being told', async () => {
    const { state, watch } = watched();
    expect(watch.current()).toBe(1);
    state.version = 2;
    await nextTurn();
    expect(watch.current()).toBe(2);
    await nextTurn();
    state.version = 3;
    expect(watch.current()).toBe(3);
    expect(state.reads).toBe(3);
  });
});
