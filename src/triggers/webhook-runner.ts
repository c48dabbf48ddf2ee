// Runs a function as an HTTP webhook: the event JSON is POSTed to the URL and the response body is
// the event the function returns. Every request carries X-Gatehouse-Signature so the receiver can
// check it came from Gatehouse: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`
// (receivers should also refuse a t more than a few minutes old). A receiver reports its handler's
// failure as Lambda does: a non-2xx answer whose JSON body is `{"errorMessage": "…", "errorType": "…"}`.
import { createHmac } from 'node:crypto';
import { FunctionFailure, type FunctionRunner } from './types.js';
import { readBounded } from './read-bounded.js';

export const SIGNATURE_HEADER = 'x-gatehouse-signature';

export function webhookSignature(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export function createWebhookRunner(url: string, secret: string): FunctionRunner {
  async function post(payload: string, timeoutMs: number, invocationType: 'RequestResponse' | 'Event'): Promise<Response> {
    try {
      return await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: webhookSignature(secret, payload, Math.floor(Date.now() / 1000)),
          'x-gatehouse-invocation-type': invocationType,
        },
        body: payload,
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new FunctionFailure('timeout', `${url} did not answer within ${timeoutMs} ms`);
      throw new FunctionFailure('unreachable', `${url}: ${(error as Error).message}`);
    }
  }

  return {
    description: `webhook ${url}`,
    async invoke(payload, { timeoutMs }) {
      const response = await post(payload, timeoutMs, 'RequestResponse');
      const body = await readBounded(response, timeoutMs);
      if (response.ok) return body;
      throw handlerFailure(response.status, body, url);
    },
    async send(payload, { timeoutMs }) {
      const response = await post(payload, timeoutMs, 'Event');
      await response.body?.cancel();
      if (!response.ok) throw new FunctionFailure('unreachable', `${url} answered ${response.status}`);
    },
  };
}

/** A non-2xx answer: the handler's own error when it says so in Lambda's form, else the webhook was not reachable as a function. */
function handlerFailure(status: number, body: string, url: string): FunctionFailure {
  try {
    const parsed = JSON.parse(body) as { errorMessage?: unknown };
    if (typeof parsed?.errorMessage === 'string') return new FunctionFailure('handled', parsed.errorMessage);
  } catch {
    // Not Lambda's error form.
  }
  return new FunctionFailure('unreachable', `${url} answered ${status}`);
}
