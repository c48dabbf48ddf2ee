// Sign-in event ids: UUIDs in the version 7 layout whose text order is the order they were made,
// also within one millisecond (AdminListUserAuthEvents lists newest first by time, then id).
import { describe, expect, it } from 'vitest';
import { newEventId } from '../../../src/domain/risk/auth-events.js';

describe('newEventId', () => {
  it('makes version 7 UUIDs that sort in the order they were made, within a millisecond and across', () => {
    const at = 1_800_000_000_000;
    const ids = [newEventId(at), newEventId(at), newEventId(at), newEventId(at + 1), newEventId(at + 1)];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });
});
