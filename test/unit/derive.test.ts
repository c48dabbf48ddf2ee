import { describe, expect, it } from 'vitest';
import { derive } from '../../src/derive.js';

describe('derive', () => {
  const base = { name: 'base', count: 1, describe: () => 'from base', nested: { value: 1 } };

  it('reads every member of the base and replaces only the given ones', () => {
    const derived = derive(base, { count: 2 });
    expect(derived.name).toBe('base');
    expect(derived.count).toBe(2);
    expect(derived.describe()).toBe('from base');
    expect(derived.nested).toBe(base.nested);
  });

  it('leaves the base as it was, also when the derived object is written to', () => {
    const derived = derive(base, { count: 2 });
    derived.name = 'derived';
    expect(base).toEqual({ name: 'base', count: 1, describe: base.describe, nested: { value: 1 } });
  });

  it('derives from a derived object, each level keeping what it set', () => {
    const first = derive(base, { count: 2 });
    const second = derive(first, { name: 'second' });
    expect([second.name, second.count, first.name, first.count]).toEqual(['second', 2, 'base', 2]);
  });
});
