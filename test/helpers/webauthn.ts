// Passkeys in Debian's chromium: a tab holding a DevTools virtual authenticator, and the page-side
// navigator.credentials calls with the options the server gave (as Amplify and the Hosted UI make them).
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

/** A browser tab on `origin` holding its own virtual platform authenticator (user-verifying unless told, resident keys). */
export async function authenticatorTab(browser: Browser, origin: string, verifiesUser = true): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession; authenticatorId: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin);
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: verifiesUser, isUserVerified: verifiesUser },
  });
  return { context, page, cdp, authenticatorId };
}

/** navigator.credentials.create with the server's CredentialCreationOptions; the RegistrationResponseJSON. `rpId` overrides the options' rp.id. */
export function createCredential(page: Page, options: unknown, rpId?: string): Promise<Record<string, unknown>> {
  return page.evaluate(async ([json, rp]) => {
    const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(json as PublicKeyCredentialCreationOptionsJSON);
    if (rp) publicKey.rp.id = rp;
    const credential = (await navigator.credentials.create({ publicKey })) as PublicKeyCredential;
    return credential.toJSON() as Record<string, unknown>;
  }, [options, rpId] as const);
}

/** navigator.credentials.get with CREDENTIAL_REQUEST_OPTIONS; the AuthenticationResponseJSON as a string. `anyCredential` drops allowCredentials. */
export function getCredential(page: Page, requestOptions: string, anyCredential = false, userVerification?: string): Promise<string> {
  return page.evaluate(async ([json, any, verification]) => {
    const parsed = JSON.parse(json);
    if (any) delete parsed.allowCredentials;
    if (verification) parsed.userVerification = verification;
    const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(parsed);
    const credential = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential;
    return JSON.stringify(credential.toJSON());
  }, [requestOptions, anyCredential, userVerification] as const);
}
