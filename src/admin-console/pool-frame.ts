// The pool a pool page is about, from the route's :poolId (DescribeUserPool: an unknown pool is a
// 404 page), and the frame its page renders in.
import type { ConsoleContext } from './context.js';
import type { OperationOutput } from './invoke.js';

export interface PoolFrame {
  pool: OperationOutput;
  /** For ctx.render's `pool` (the left bar). */
  frame: { id: string; name: string };
}

export async function loadPoolFrame(ctx: ConsoleContext): Promise<PoolFrame> {
  const { UserPool: pool } = await ctx.invoke('DescribeUserPool', { UserPoolId: ctx.params.poolId });
  return { pool, frame: { id: pool.Id, name: pool.Name } };
}
