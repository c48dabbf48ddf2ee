// The admin console over plain HTTP (no browser): a cookie jar, sign-in with the admin key, and
// GET/POST helpers that send the session's CSRF token scraped from the page (as a browser would).
import { ADMIN_KEY, type TestServer } from './server.js';

export interface ConsoleResponse {
  status: number;
  location: string | null;
  body: string;
  headers: Headers;
}

export interface ConsoleClient {
  /** Cookies by name, as the browser holds them. */
  cookies: Map<string, string>;
  get(path: string): Promise<ConsoleResponse>;
  /** Posts a form; `_csrf` is the session's token (from the last page) unless given. */
  post(path: string, fields: Record<string, string | string[]>, options?: { csrf?: string | null }): Promise<ConsoleResponse>;
  /** The `_csrf` value of the last page fetched. */
  csrf: string | undefined;
}

export const csrfOf = (body: string): string | undefined => /name="_csrf" value="([^"]+)"/.exec(body)?.[1];

export function consoleClient(t: TestServer): ConsoleClient {
  const cookies = new Map<string, string>();
  const client: ConsoleClient = {
    cookies,
    csrf: undefined,
    get: (path) => send(path, { method: 'GET' }),
    post(path, fields, options = {}) {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
      const csrf = options.csrf === undefined ? client.csrf : options.csrf;
      if (csrf !== null && csrf !== undefined && !('_csrf' in fields)) body.set('_csrf', csrf);
      return send(path, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    },
  };
  async function send(path: string, init: { method: string; body?: string; headers?: Record<string, string> }): Promise<ConsoleResponse> {
    const cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(`${t.url}${path}`, { ...init, redirect: 'manual', headers: { ...init.headers, ...(cookie && { cookie }) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /Max-Age=0/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    const body = await response.text();
    const csrf = csrfOf(body);
    if (csrf) client.csrf = csrf;
    return { status: response.status, location: response.headers.get('location'), body, headers: response.headers };
  }
  return client;
}

/** A console client signed in with the admin access key (on the pools list page). */
export async function signedInConsole(t: TestServer): Promise<ConsoleClient> {
  const c = consoleClient(t);
  await c.get('/admin/login');
  const response = await c.post('/admin/login', { method: 'key', accessKeyId: ADMIN_KEY.accessKeyId, secretAccessKey: ADMIN_KEY.secretAccessKey });
  if (response.status !== 303) throw new Error(`console sign-in failed: ${response.status}`);
  await c.get('/admin/audit');
  return c;
}
