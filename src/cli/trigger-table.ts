// The table `gatehouse serve` prints at start: which triggers of which pools resolve where, so that
// a function that would fail with UnexpectedLambdaException is seen before a user meets it.
import type { Deps } from '../domain/deps.js';
import { resolvePoolTriggers } from '../domain/triggers/resolution.js';

/** Pools read for the table; past this, the console shows the rest. Keeps start-up bounded. */
const MAX_POOLS = 1000;
const PAGE = 60;

export const UNRESOLVED = 'nothing: fails with UnexpectedLambdaException (not in triggers.functions, and no triggers.lambdaEndpoint)';

/** The table's lines (empty when no pool names a function), ending with a warning when a function resolves nowhere. */
export async function triggerTable(deps: Pick<Deps, 'store' | 'triggers'>): Promise<string[]> {
  const lines: string[] = [];
  let unresolved = 0;
  let after: string | undefined;
  let read = 0;
  do {
    const page = await deps.store.pools.list(PAGE, after);
    for (const pool of page.items) {
      const resolved = resolvePoolTriggers(deps, pool);
      if (resolved.length === 0) continue;
      lines.push(`    ${pool.id} (${pool.name})`);
      const width = Math.max(...resolved.map((r) => r.trigger.length));
      for (const { trigger, arn, runsAt } of resolved) {
        lines.push(`      ${trigger.padEnd(width)}  ${arn} → ${runsAt ?? UNRESOLVED}`);
        if (!runsAt) unresolved++;
      }
    }
    read += page.items.length;
    after = page.next;
  } while (after && read < MAX_POOLS);
  if (after) lines.push(`    … only the first ${read} pools are listed; the admin console shows every pool's triggers`);
  if (unresolved > 0) {
    lines.push(`  Warning: ${unresolved === 1 ? '1 trigger resolves' : `${unresolved} triggers resolve`} nowhere: name the function in triggers.functions (or GATEHOUSE_TRIGGERS), or set triggers.lambdaEndpoint (GATEHOUSE_LAMBDA_ENDPOINT).`);
  }
  return lines.length > 0 ? ['  Triggers:', ...lines] : [];
}
