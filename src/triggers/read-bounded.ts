// Reads a function's answer, refusing one larger than Lambda's synchronous payload limit: a
// misbehaving endpoint must not make the server buffer without end.
import { FunctionFailure } from './types.js';

/** Lambda's limit on a synchronous invocation's response. */
export const MAX_ANSWER_BYTES = 6 * 1024 * 1024;

export async function readBounded(response: Response, timeoutMs: number): Promise<string> {
  if (!response.body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body.getReader();
  const timer = setTimeout(() => void reader.cancel(), timeoutMs);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_ANSWER_BYTES) {
        await reader.cancel();
        throw new FunctionFailure('unreachable', `the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
      }
      chunks.push(Buffer.from(value));
    }
  } catch (error) {
    if (error instanceof FunctionFailure) throw error;
    throw new FunctionFailure('timeout', `the answer did not arrive: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
