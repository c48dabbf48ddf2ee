// Amplify v6 inside a chromium page, as a web app runs it: the library bundled for the browser by
// esbuild (what an app's bundler does), loaded into the page, configured for a client of the test
// server. The page's `amplify` global holds the functions the tests call through page.evaluate.
import { build } from 'esbuild';
import type { Page } from 'playwright-core';

const ENTRY = `
import { Amplify } from 'aws-amplify';
import { associateWebAuthnCredential, fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
window.amplify = { Amplify, associateWebAuthnCredential, fetchAuthSession, signIn, signOut };
`;

let bundle: Promise<string> | undefined;

/** The browser bundle, built once per test file. */
function amplifyBundle(): Promise<string> {
  bundle ??= build({
    stdin: { contents: ENTRY, resolveDir: process.cwd() },
    bundle: true, format: 'iife', platform: 'browser', write: false, logLevel: 'warning',
  }).then((out) => out.outputFiles[0].text);
  return bundle;
}

/** Loads Amplify into `page` and points it at `client` of the server at `endpoint`. */
export async function loadAmplify(page: Page, client: { poolId: string; clientId: string }, endpoint: string): Promise<void> {
  await page.addScriptTag({ content: await amplifyBundle() });
  await page.evaluate(([poolId, clientId, url]) => {
    (window as any).amplify.Amplify.configure({ Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: url } } });
  }, [client.poolId, client.clientId, endpoint] as const);
}
