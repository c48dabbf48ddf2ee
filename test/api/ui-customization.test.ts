// SetUICustomization / GetUICustomization through the AWS SDK, and the look on the Hosted UI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetUICustomizationCommand, SetUICustomizationCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { HttpBrowser, authorizeUrl, oauthPool, type OAuthPool } from '../oauth/support.js';

// The smallest valid PNG (1×1, transparent).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('SetUICustomization and GetUICustomization', () => {
  let t: TestServer;
  let pool: OAuthPool;

  beforeAll(async () => {
    t = await startTestServer();
    pool = await oauthPool(t);
  });
  afterAll(() => t.close());

  it('stores the pool-wide look and falls back to it for a client without its own', async () => {
    const css = '.submitButton-customizable { background-color: #0a7d38; }';
    const { UICustomization } = await t.cognito.send(new SetUICustomizationCommand({ UserPoolId: pool.poolId, CSS: css, ImageFile: PNG }));
    expect(UICustomization).toMatchObject({ UserPoolId: pool.poolId, ClientId: 'ALL', CSS: css });
    expect(UICustomization?.ImageUrl).toBe(`${t.url}/${pool.poolId}/ui/logo/ALL?v=${UICustomization?.CSSVersion}`);
    expect(UICustomization?.CreationDate).toBeInstanceOf(Date);
    const forClient = await t.cognito.send(new GetUICustomizationCommand({ UserPoolId: pool.poolId, ClientId: pool.clientId }));
    expect(forClient.UICustomization).toMatchObject({ ClientId: 'ALL', CSS: css });
    const logo = await fetch(UICustomization!.ImageUrl!);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await logo.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("links a pool-wide logo on the server root's sign-in page by the pool's path", async () => {
    const other = await oauthPool(t);
    await t.cognito.send(new SetUICustomizationCommand({ UserPoolId: other.poolId, ImageFile: PNG }));
    // The root serves the pool by its client; a pool-wide logo names no client, so its path names the pool.
    const root = authorizeUrl(t, other, { scope: 'openid' }).replace(`/${other.poolId}/`, '/');
    const page = await new HttpBrowser(t.url).follow(root);
    const src = page.text.match(/<img class="logo-customizable" src="([^"]+)"/)?.[1];
    expect(src).toMatch(new RegExp(`^/${other.poolId}/ui/logo/ALL\\?v=`));
    const logo = await fetch(`${t.url}${src!.replace(/&amp;/g, '&')}`);
    expect(logo.status).toBe(200);
    expect(Buffer.from(await logo.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("shows the client's own CSS and the logo on its sign-in page", async () => {
    const css = '.background-customizable { background-color: #fafafa; }\n.label-customizable { color: #333; }';
    await t.cognito.send(new SetUICustomizationCommand({ UserPoolId: pool.poolId, ClientId: pool.clientId, CSS: css, ImageFile: PNG }));
    const { UICustomization } = await t.cognito.send(new GetUICustomizationCommand({ UserPoolId: pool.poolId, ClientId: pool.clientId }));
    expect(UICustomization).toMatchObject({ ClientId: pool.clientId, CSS: css });
    const page = await new HttpBrowser(t.url).follow(authorizeUrl(t, pool, { scope: 'openid' }));
    expect(page.text).toContain(css);
    expect(page.text).toContain(`<img class="logo-customizable" src="/${pool.poolId}/ui/logo/${pool.clientId}?v=`);
    expect(page.text).toContain('class="submitButton-customizable"');
  });

  it.each([
    ['a class that is not customizable', '.alert { display: none; }'],
    ['an element selector', 'body { color: red; }'],
    ['a way out of the style element', '.label-customizable { color: red; } </style><script>alert(1)</script>'],
    ['a remote resource', '.logo-customizable { background: url(https://evil.example/x.png); }'],
    ['an at-rule', '@import "https://evil.example/x.css";'],
  ])('refuses CSS with %s', async (_name, css) => {
    await expect(t.cognito.send(new SetUICustomizationCommand({ UserPoolId: pool.poolId, CSS: css }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('refuses an image that is not PNG or JPEG, and an unknown client', async () => {
    await expect(t.cognito.send(new SetUICustomizationCommand({ UserPoolId: pool.poolId, ImageFile: Buffer.from('GIF89a....') }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.cognito.send(new SetUICustomizationCommand({ UserPoolId: pool.poolId, ClientId: 'nosuchclient', CSS: '' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});
