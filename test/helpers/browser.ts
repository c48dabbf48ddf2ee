// Debian's chromium driven by playwright-core, with the flags this machine needs (no sandbox as
// root, no background networking: the network is closed).
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const chromiumAvailable = existsSync(CHROMIUM);
const missing = `${CHROMIUM} is not installed (apt-get install -y chromium)`;
// CI must run the browser tests: there a missing chromium fails them (launchChromium throws)
// instead of skipping them unseen. On a developer's machine they skip, and say why.
const inCI = Boolean(process.env.CI) && process.env.CI !== 'false';
export const skipBrowserTests = !chromiumAvailable && !inCI;
if (skipBrowserTests) console.warn(`skipping the browser tests: ${missing}`);

export async function launchChromium(): Promise<Browser> {
  if (!chromiumAvailable) throw new Error(`the browser tests need chromium: ${missing}`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A stand-in for the app a pool's client redirects to: answers every path with a page naming it. */
export interface AppServer {
  origin: string;
  close(): Promise<void>;
}

export async function startAppServer(): Promise<AppServer> {
  const server = createServer((request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(`<!doctype html><title>App</title><h1>App</h1><p id="path">${new URL(request.url!, 'http://x').pathname}</p>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://localhost:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
