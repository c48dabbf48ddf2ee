// The server's own origin: where the API and /admin are served, and never a pool's domain.
import { isIP } from 'node:net';
import type { Config } from './schema.js';

const bare = (host: string): string => host.toLowerCase().replace(/^\[(.*)\]$/, '$1');

/** Whether `hostname` is the server's own: its public URL's host, the host it listens on, localhost, or an address. */
export function isServerHostName(deps: { config: Config; baseUrl(): string }, hostname: string): boolean {
  const name = bare(hostname);
  return name === 'localhost' || isIP(name) !== 0 || name === bare(new URL(deps.baseUrl()).hostname) || name === bare(deps.config.server.host);
}

/** Whether `host` (a name or an address, IPv6 bracketed or not) only ever reaches this machine. */
export function isLoopbackHost(host: string): boolean {
  const name = bare(host).replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost') || name === '::1') return true;
  const v4 = name.startsWith('::ffff:') ? name.slice(7) : name;
  return isIP(v4) === 4 && v4.startsWith('127.');
}
