// Debian's chromium driven by playwright-core, with the flags this machine needs (no sandbox as
// root, no background networking: the network is closed).
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ADMIN_KEY, startTestServer, type TestServer } from './server.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Where the browser tests leave their screenshots. */
export const SHOTS = 'test-results/screenshots';
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

/** Signs `page` in to the admin console of the server at `url` with the test admin key; it lands on the pools list. */
export async function signInToConsole(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/admin/login`);
  await page.getByLabel('Admin access key id').fill(ADMIN_KEY.accessKeyId);
  await page.getByLabel('Secret access key').fill(ADMIN_KEY.secretAccessKey);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/\/admin\/pools$/);
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

/** What a browser test needs: a test server, the app its clients redirect to, and chromium. */
export interface BrowserRig {
  t: TestServer;
  app: AppServer;
  browser: Browser;
  close(): Promise<void>;
}

/** `server`: the test server's options (e.g. a trigger rig's config). */
export async function startBrowserRig(server: Parameters<typeof startTestServer>[0] = {}): Promise<BrowserRig> {
  mkdirSync(SHOTS, { recursive: true });
  const app = await startAppServer();
  const t = await startTestServer(server).catch(async (error) => {
    await app.close();
    throw error;
  });
  const browser = await launchChromium().catch(async (error) => {
    await t.close();
    await app.close();
    throw error;
  });
  return {
    t,
    app,
    browser,
    async close() {
      await browser.close();
      await t.close();
      await app.close();
    },
  };
}
