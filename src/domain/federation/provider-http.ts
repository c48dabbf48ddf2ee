// Calls to an identity provider's endpoints at sign-in (keys, token, user info): bounded in time
// and size, JSON only. A failure is a ProviderError, whose message the sign-in reports to the app.
import type { Jwk } from '../../tokens/provider-jwt.js';

/** A provider answered badly or not at all. */
export class ProviderError extends Error {}

const TIMEOUT_MS = 10_000;
const MAX_BODY = 1_000_000;
/** Key sets are kept this long (a key not in the kept set refetches it). */
const CACHE_MS = 5 * 60_000;

export interface ProviderRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  form?: Record<string, string>;
}

/** The JSON a provider endpoint answers; `what` names the endpoint in errors. */
export async function fetchProviderJson(url: string, what: string, request: ProviderRequest = {}): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? (request.form ? 'POST' : 'GET'),
      headers: { accept: 'application/json', ...(request.form && { 'content-type': 'application/x-www-form-urlencoded' }), ...request.headers },
      body: request.form ? new URLSearchParams(request.form).toString() : undefined,
      redirect: 'error',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ProviderError(`The identity provider's ${what} could not be reached.`);
  }
  const text = await readBounded(response, what);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ProviderError(`The identity provider's ${what} did not answer JSON.`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ProviderError(`The identity provider's ${what} did not answer a JSON object.`);
  if (!response.ok) {
    const error = (body as Record<string, unknown>).error;
    throw new ProviderError(`The identity provider's ${what} answered ${response.status}${typeof error === 'string' ? ` (${error})` : ''}.`);
  }
  return body as Record<string, unknown>;
}

async function readBounded(response: Response, what: string): Promise<string> {
  if (!response.body) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new ProviderError(`The identity provider's ${what} answered too much.`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

const cache = new Map<string, { at: number; value: Record<string, unknown> }>();
const MAX_CACHED = 200;

async function cachedJson(url: string, what: string, now: number, refresh: boolean): Promise<Record<string, unknown>> {
  const kept = cache.get(url);
  if (kept && !refresh && now - kept.at < CACHE_MS) return kept.value;
  const value = await fetchProviderJson(url, what);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(url, { at: now, value });
  return value;
}

/** The provider's signing keys; `refresh` refetches them (a token names a key not yet seen). */
export async function providerKeys(jwksUri: string, now: number, refresh = false): Promise<Jwk[]> {
  const set = await cachedJson(jwksUri, 'key set', now, refresh);
  return Array.isArray(set.keys) ? (set.keys.filter((k) => k && typeof k === 'object') as Jwk[]) : [];
}
