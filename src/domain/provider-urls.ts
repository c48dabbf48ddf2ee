// The URLs of identity providers: which ones Gatehouse will talk to, and the bounded fetch of the
// documents it reads from them at configuration time (OIDC discovery, SAML metadata).
// - Cognito accepts https only. Gatehouse also accepts plain http on loopback addresses, so a
//   provider on the same machine works, and anywhere when federation.allowHttpProviders is set.
// - A fetch has a time limit, a size limit and follows no redirect: the URL is what was configured.
import type { Config } from '../config/schema.js';
import { InvalidParameterException } from '../cognito/errors.js';

const FETCH_TIMEOUT_MS = 5000;
const MAX_DOCUMENT_BYTES = 1024 * 1024;

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Throws InvalidParameterException naming `key` unless `value` is a URL Gatehouse may call. */
export function checkProviderUrl(config: Config, key: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidParameterException(`${key} is not a valid URL: ${value}`);
  }
  if (url.username || url.password) throw new InvalidParameterException(`${key} must not contain credentials.`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && (isLoopbackHost(url.hostname) || config.federation.allowHttpProviders)) return url;
  throw new InvalidParameterException(
    `${key} must be an https URL (plain http is accepted on loopback addresses, or anywhere with federation.allowHttpProviders): ${value}`,
  );
}

/** GETs a provider document as text; every failure is an InvalidParameterException naming `what`. */
export async function fetchProviderDocument(url: URL, what: string, accept: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept }, redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch {
    throw new InvalidParameterException(`Unable to retrieve the ${what} from ${url.href}.`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new InvalidParameterException(`Unable to retrieve the ${what} from ${url.href}: HTTP ${response.status}.`);
  }
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_DOCUMENT_BYTES) {
    await response.body?.cancel();
    throw new InvalidParameterException(`The ${what} at ${url.href} is larger than ${MAX_DOCUMENT_BYTES} bytes.`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.length;
      if (size > MAX_DOCUMENT_BYTES) throw new InvalidParameterException(`The ${what} at ${url.href} is larger than ${MAX_DOCUMENT_BYTES} bytes.`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof InvalidParameterException) throw error;
    throw new InvalidParameterException(`Unable to retrieve the ${what} from ${url.href}.`);
  }
  return Buffer.concat(chunks).toString('utf8');
}
