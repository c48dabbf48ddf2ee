// The admin console's branding images and the client's terms, over plain HTTP: an image uploaded
// as multipart/form-data (with the session's CSRF token) lands in the client's style through the
// API's own checks and limits, and the managed login pages draw it; the client's page lists its
// terms documents, creates the missing one and deletes one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeManagedLoginBrandingByClientCommand, DescribeTermsByClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { signedInConsole, type ConsoleClient } from '../helpers/console.js';
import { PNG, SVG } from './branding-images.js';

describe('admin console: branding images and terms', () => {
  let t: TestServer;
  let c: ConsoleClient;
  let poolId: string;
  let clientId: string;
  beforeAll(async () => {
    t = await startTestServer();
    c = await signedInConsole(t);
    poolId = await t.fixtures.pool();
    ({ clientId } = await t.fixtures.client(poolId));
  });
  afterAll(async () => t?.close());

  const brandingPage = () => `/admin/pools/${poolId}/clients/${clientId}/branding`;

  /** Posts the upload form as a browser does: multipart, with the CSRF token of the last page. */
  async function upload(fields: { category: string; colorMode: string; file?: { name: string; bytes: Uint8Array; type: string } }, csrf = c.csrf!) {
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('category', fields.category);
    form.set('colorMode', fields.colorMode);
    form.set('image', fields.file ? new Blob([Buffer.from(fields.file.bytes)], { type: fields.file.type }) : new Blob([]), fields.file?.name ?? '');
    const response = await fetch(`${t.url}${brandingPage()}/assets`, {
      method: 'POST', body: form, redirect: 'manual', headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    return { status: response.status, location: response.headers.get('location'), body: await response.text() };
  }
  const style = async () => (await t.cognito.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId }))).ManagedLoginBranding;

  it('offers an upload form that posts multipart/form-data with the CSRF token', async () => {
    const page = await c.get(brandingPage());
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<form method="post" action="[^"]+\/branding\/assets" enctype="multipart\/form-data">\s*<input type="hidden" name="_csrf"/);
    expect(page.body).toContain('<option value="PAGE_HEADER_LOGO">Page header logo</option>');
    expect(page.body).toContain('No images yet.');
  });

  it('creates the style with the uploaded image, then adds another and replaces one of the same use and mode', async () => {
    await c.get(brandingPage());
    const first = await upload({ category: 'PAGE_HEADER_LOGO', colorMode: 'LIGHT', file: { name: 'logo.svg', bytes: SVG, type: 'image/svg+xml' } });
    expect(first.status).toBe(303);
    expect((await style())!.Assets).toMatchObject([{ Category: 'PAGE_HEADER_LOGO', ColorMode: 'LIGHT', Extension: 'SVG' }]);
    expect(Buffer.from((await style())!.Assets![0].Bytes!).equals(SVG)).toBe(true);

    await c.get(brandingPage());
    await upload({ category: 'IDP_BUTTON_ICON', colorMode: 'DYNAMIC', file: { name: 'Icon.PNG', bytes: PNG, type: 'image/png' } });
    await c.get(brandingPage());
    await upload({ category: 'PAGE_HEADER_LOGO', colorMode: 'LIGHT', file: { name: 'logo2.png', bytes: PNG, type: 'image/png' } });
    const assets = (await style())!.Assets!;
    expect(assets.map((a) => `${a.Category}/${a.ColorMode}/${a.Extension}`).sort()).toEqual(['IDP_BUTTON_ICON/DYNAMIC/PNG', 'PAGE_HEADER_LOGO/LIGHT/PNG']);
    const page = await c.get(brandingPage());
    expect(page.body).toContain('Page header logo');
    expect(page.body).toContain('Identity provider button icon');
  });

  it('refuses what the API refuses, with its message, and a file that is not what its name says', async () => {
    await c.get(brandingPage());
    const lying = await upload({ category: 'FORM_LOGO', colorMode: 'LIGHT', file: { name: 'logo.png', bytes: SVG, type: 'image/png' } });
    expect(lying.status).toBe(400);
    expect(lying.body).toContain('Asset FORM_LOGO is not a valid PNG file.');
    await c.get(brandingPage());
    const favicon = await upload({ category: 'FAVICON_ICO', colorMode: 'LIGHT', file: { name: 'icon.png', bytes: PNG, type: 'image/png' } });
    expect(favicon.status).toBe(400);
    expect(favicon.body).toContain('Extension PNG is not valid for category FAVICON_ICO.');
    await c.get(brandingPage());
    const unknownType = await upload({ category: 'FORM_LOGO', colorMode: 'LIGHT', file: { name: 'logo.gif', bytes: PNG, type: 'image/gif' } });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body).toContain('The image must be a .png, .jpg, .jpeg, .svg, .webp or .ico file.');
    await c.get(brandingPage());
    const none = await upload({ category: 'FORM_LOGO', colorMode: 'LIGHT' });
    expect(none.status).toBe(400);
    expect(none.body).toContain('Choose an image file to upload.');
    await c.get(brandingPage());
    const badCategory = await upload({ category: 'NOT_A_CATEGORY', colorMode: 'LIGHT', file: { name: 'logo.svg', bytes: SVG, type: 'image/svg+xml' } });
    expect(badCategory.status).toBe(400);
    expect((await style())!.Assets!.some((a) => a.Category === 'FORM_LOGO')).toBe(false);
  });

  it('refuses an upload without the session\'s CSRF token, and a body over the server\'s limit, changing nothing', async () => {
    const before = (await style())!.Assets!.length;
    const forged = await upload({ category: 'FORM_LOGO', colorMode: 'LIGHT', file: { name: 'logo.svg', bytes: SVG, type: 'image/svg+xml' } }, 'x'.repeat(43));
    expect(forged.status).toBe(403);
    await c.get(brandingPage());
    const huge = Buffer.concat([PNG, Buffer.alloc(300_000)]);
    // The server answers 413 from the Content-Length and closes the connection; a client still
    // writing the body may see the connection end before it reads that answer (Node 26's fetch).
    const tooLarge = await upload({ category: 'FORM_LOGO', colorMode: 'LIGHT', file: { name: 'logo.png', bytes: huge, type: 'image/png' } })
      .then((response) => response.status, (error: any) => error?.cause?.code ?? String(error));
    expect([413, 'EPIPE', 'ECONNRESET']).toContain(tooLarge);
    expect((await style())!.Assets!.length).toBe(before);
  });

  it('answers a malformed multipart body with a 400 page, not a server error', async () => {
    await c.get(brandingPage());
    const response = await fetch(`${t.url}${brandingPage()}/assets`, {
      method: 'POST', redirect: 'manual', body: '--b\r\nno headers end',
      headers: { 'content-type': 'multipart/form-data; boundary=b', cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(response.status).toBe(400);
  });

  it('lists, creates and deletes the client\'s terms documents on its page', async () => {
    const clientPage = `/admin/pools/${poolId}/clients/${clientId}`;
    let page = await c.get(clientPage);
    expect(page.body).toContain('<h2>Terms</h2>');
    expect(page.body).toContain('No terms documents yet.');
    expect(page.body).toContain('Add terms of use');
    expect(page.body).toContain('Add privacy policy');

    const created = await c.post(`${clientPage}/terms`, {
      name: 'terms-of-use', 'url-terms-of-use': 'https://example.com/terms', 'more-terms-of-use': 'cognito:french https://example.com/fr/terms\n',
    });
    expect(created.status).toBe(303);
    const { Terms } = await t.cognito.send(new DescribeTermsByClientCommand({ UserPoolId: poolId, ClientId: clientId, TermsName: 'terms-of-use' }));
    expect(Terms).toMatchObject({ TermsSource: 'LINK', Enforcement: 'NONE', Links: { 'cognito:default': 'https://example.com/terms', 'cognito:french': 'https://example.com/fr/terms' } });
    page = await c.get(clientPage);
    expect(page.body).toContain('<a class="mono" href="https://example.com/fr/terms" rel="noopener noreferrer">https://example.com/fr/terms</a>');
    expect(page.body).not.toContain('Add terms of use');
    expect(page.body).toContain('Add privacy policy');

    // The API's checks apply: a language managed login does not have is refused, with its message.
    const refused = await c.post(`${clientPage}/terms`, { name: 'privacy-policy', 'url-privacy-policy': 'https://example.com/p', 'more-privacy-policy': 'klingon https://example.com/k' });
    expect(refused.status).toBe(303);
    expect((await c.get(clientPage)).body).toContain('klingon');

    const deleted = await c.post(`${clientPage}/terms/delete`, { termsId: Terms!.TermsId! });
    expect(deleted.status).toBe(303);
    page = await c.get(clientPage);
    expect(page.body).toContain('Terms document deleted.');
    expect(page.body).toContain('No terms documents yet.');
  });
});
