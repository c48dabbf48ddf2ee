// An app client's managed login branding style: the main colours for light and dark mode, the
// colour scheme and the form's corner radius, with a preview of the sign-in form in both modes
// rendered from the same stylesheet the Hosted UI uses. "Preview" shows unsaved values; "Save"
// creates or updates the style (CreateManagedLoginBranding / UpdateManagedLoginBranding).
// Images are uploaded one at a time (a multipart form: category, colour mode, file), with the
// API's checks and limits; every other Settings member is set through the API.
import { html, type Html } from '../../web/html.js';
import type { ConsoleContext } from '../context.js';
import type { OperationOutput } from '../invoke.js';
import { defineRoutes } from '../route.js';
import { poolPath } from '../nav.js';
import { csrfInput, hidden, postForm, select, table, textField } from '../views/components.js';
import { COGNITO_DEFAULT_SETTINGS } from '../../domain/managed-login/defaults.js';
import { managedLoginCss } from '../../domain/managed-login/css.js';
import { mergeSettings, settingAt, type Settings } from '../../domain/managed-login/settings.js';

/** The colours the page edits: a Settings path (MODE is lightMode or darkMode) and a label. */
const COLORS: Array<{ key: string; path: string; label: string }> = [
  { key: 'page', path: 'components.pageBackground.MODE.color', label: 'Page background' },
  { key: 'form', path: 'components.form.MODE.backgroundColor', label: 'Form background' },
  { key: 'heading', path: 'componentClasses.text.MODE.headingTextColor', label: 'Headings' },
  { key: 'body', path: 'componentClasses.text.MODE.bodyTextColor', label: 'Text' },
  { key: 'button', path: 'components.primaryButton.MODE.defaults.backgroundColor', label: 'Button' },
  { key: 'buttonText', path: 'components.primaryButton.MODE.defaults.textColor', label: 'Button text' },
  { key: 'link', path: 'componentClasses.link.MODE.defaults.textColor', label: 'Links' },
];
const MODES = [{ mode: 'lightMode', label: 'light' }, { mode: 'darkMode', label: 'dark' }] as const;
const SCHEMES = [
  { value: 'LIGHT', label: 'Light' }, { value: 'DARK', label: 'Dark' }, { value: 'DYNAMIC', label: 'Follow the browser (light or dark)' },
];

/** The asset categories (AssetCategoryType) and what each is for on the pages. */
const ASSET_CATEGORIES: Array<{ value: string; label: string }> = [
  { value: 'FORM_LOGO', label: 'Form logo' }, { value: 'FORM_BACKGROUND', label: 'Form background' },
  { value: 'PAGE_BACKGROUND', label: 'Page background' },
  { value: 'PAGE_HEADER_LOGO', label: 'Page header logo' }, { value: 'PAGE_HEADER_BACKGROUND', label: 'Page header background' },
  { value: 'PAGE_FOOTER_LOGO', label: 'Page footer logo' }, { value: 'PAGE_FOOTER_BACKGROUND', label: 'Page footer background' },
  { value: 'IDP_BUTTON_ICON', label: 'Identity provider button icon' },
  { value: 'PASSWORD_GRAPHIC', label: 'Password graphic' }, { value: 'PASSKEY_GRAPHIC', label: 'Passkey graphic' },
  { value: 'EMAIL_GRAPHIC', label: 'Email code graphic' }, { value: 'SMS_GRAPHIC', label: 'SMS code graphic' },
  { value: 'AUTH_APP_GRAPHIC', label: 'Authenticator app graphic' },
  { value: 'FAVICON_SVG', label: 'Favicon (SVG)' }, { value: 'FAVICON_ICO', label: 'Favicon (ICO)' },
];
const COLOR_MODES = [{ value: 'LIGHT', label: 'Light mode' }, { value: 'DARK', label: 'Dark mode' }, { value: 'DYNAMIC', label: 'Both modes' }];
/** The file name's extension as an AssetExtensionType; the API then checks the bytes are of that type. */
const EXTENSIONS: Record<string, string> = { png: 'PNG', jpg: 'JPEG', jpeg: 'JPEG', svg: 'SVG', webp: 'WEBP', ico: 'ICO' };

const brandingPath = (poolId: string, clientId: string, rest = '') => poolPath(poolId, `/clients/${clientId}/branding${rest}`);
const fieldName = (key: string, mode: string) => `${key}-${mode}`;

/** Sets `value` at a dot-separated `path` of `target`, creating objects on the way. */
function setAt(target: Settings, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Settings;
  node[keys[keys.length - 1]] = value;
}

/** The Settings the form describes; an error names the first field that is not a colour. */
function settingsFromForm(ctx: ConsoleContext): { settings: Settings; error?: string } {
  const settings: Settings = {};
  for (const { key, path, label } of COLORS) {
    for (const { mode, label: modeLabel } of MODES) {
      const value = ctx.form.get(fieldName(key, mode)) ?? '';
      if (!/^#[0-9a-fA-F]{6}$/.test(value)) return { settings, error: `${label} (${modeLabel}) must be a colour such as #1a2b3c.` };
      setAt(settings, path.replace('MODE', mode), `${value.slice(1).toLowerCase()}ff`);
    }
  }
  const scheme = ctx.form.get('scheme') ?? 'LIGHT';
  setAt(settings, 'categories.global.colorSchemeMode', SCHEMES.some((s) => s.value === scheme) ? scheme : 'LIGHT');
  const radius = Number(ctx.form.get('radius') ?? '8');
  if (!Number.isInteger(radius) || radius < 0 || radius > 40) return { settings, error: 'Corner radius must be a whole number from 0 to 40.' };
  setAt(settings, 'components.form.borderRadius', radius);
  setAt(settings, 'componentClasses.buttons.borderRadius', radius);
  setAt(settings, 'componentClasses.input.borderRadius', radius);
  return { settings };
}

/** A sample sign-in form styled by `settings` in one colour mode. */
function preview(settings: Settings, mode: 'LIGHT' | 'DARK', label: string): { css: string; body: Html } {
  const scope = `ml-preview-${mode.toLowerCase()}`;
  const forced = mergeSettings(settings, { categories: { global: { colorSchemeMode: mode } } });
  const css = managedLoginCss(forced, {}, { page: `.${scope}`, card: `.${scope} .ml-card` });
  return {
    css,
    body: html`<figure class="ml-preview ${scope}" aria-label="${label}">
<div class="ml-card"><h1>Sign in</h1><p class="pool">Your pool</p>
<label>Username</label><input type="text" value="jane@example.com" readonly tabindex="-1">
<button type="button" tabindex="-1">Sign in</button>
<p><a href="#preview">Forgot your password?</a></p></div>
<figcaption>${label}</figcaption></figure>`,
  };
}

const PREVIEW_CSS = `.ml-previews{display:flex;gap:16px;flex-wrap:wrap;margin:8px 0 16px}
.ml-preview{margin:0;padding:24px;border-radius:8px;flex:1;min-width:260px}
.ml-card{padding:20px;max-width:320px;margin:0 auto}
.ml-card h1{font-size:1.2rem;margin:0}
.ml-card input{width:100%;padding:8px;border:1px solid}
.ml-card button{width:100%}
.ml-preview figcaption{text-align:center;font-size:.8rem;margin-top:8px;color:#5b6474;background:#fff;border-radius:4px}
.swatches{display:grid;grid-template-columns:160px repeat(2,120px);gap:4px 12px;align-items:center}
.swatches label{margin:0;font-weight:400}
input[type=color]{width:100px;height:32px;padding:0;border:1px solid #c5cbd6;border-radius:6px}`;

async function brandingPage(ctx: ConsoleContext, options: { settings?: Settings; error?: string; notice?: string; status?: number } = {}) {
  const { poolId, clientId } = ctx.params;
  const { UserPool: pool } = await ctx.invoke('DescribeUserPool', { UserPoolId: poolId });
  const { UserPoolClient: client } = await ctx.invoke('DescribeUserPoolClient', { UserPoolId: poolId, ClientId: clientId });
  const current = await ctx.attempt('DescribeManagedLoginBrandingByClient', { UserPoolId: poolId, ClientId: clientId, ReturnMergedResources: true });
  const style = current.output?.ManagedLoginBranding as OperationOutput | undefined;
  const settings: Settings = options.settings ?? (style?.Settings as Settings | undefined) ?? COGNITO_DEFAULT_SETTINGS;
  const merged = mergeSettings(COGNITO_DEFAULT_SETTINGS, settings);
  const hex = (path: string) => {
    const value = settingAt(merged, path);
    return typeof value === 'string' && /^[0-9a-fA-F]{8}$/.test(value) ? `#${value.slice(0, 6).toLowerCase()}` : '#000000';
  };
  const light = preview(merged, 'LIGHT', 'Light mode');
  const dark = preview(merged, 'DARK', 'Dark mode');
  const domain = pool.Domain ? (await ctx.invoke('DescribeUserPoolDomain', { Domain: pool.Domain })).DomainDescription : undefined;
  const version = domain?.ManagedLoginVersion ?? 1;
  return ctx.render({
    title: `Branding: ${client.ClientName}`, section: 'clients', pool: { id: pool.Id, name: pool.Name },
    error: options.error, notice: options.notice, css: `${PREVIEW_CSS}\n${light.css}\n${dark.css}`,
  }, html`
<p class="${version === 2 ? 'hint' : 'warning'}">${version === 2
    ? 'The pool\'s domain uses managed login (version 2): its pages show this style.'
    : 'The pool\'s domain uses the classic Hosted UI (version 1), whose look comes from SetUICustomization: this style shows once the domain is switched to managed login (ManagedLoginVersion 2).'}</p>
<p>${style ? html`Style <span class="mono">${style.ManagedLoginBrandingId}</span>${style.UseCognitoProvidedValues ? ' (Cognito\'s own values)' : ''}.` : 'This app client has no style yet: it shows managed login\'s own look.'}</p>
<h2>Preview</h2>
<div class="ml-previews">${light.body}${dark.body}</div>
<form method="post" action="${brandingPath(poolId, clientId)}">
${csrfInput(ctx.session!.csrf)}
${select({ name: 'scheme', label: 'Colour scheme', options: SCHEMES, selected: String(settingAt(merged, 'categories.global.colorSchemeMode') ?? 'LIGHT') })}
<h2>Colours</h2>
<div class="swatches"><span></span><strong>Light mode</strong><strong>Dark mode</strong>
${COLORS.map(({ key, path, label }) => html`<span>${label}</span>${MODES.map(({ mode, label: modeLabel }) => html`<label><input type="color" name="${fieldName(key, mode)}" value="${hex(path.replace('MODE', mode))}" aria-label="${label} (${modeLabel})"></label>`)}`)}
</div>
${textField({ name: 'radius', label: 'Corner radius (pixels)', type: 'number', min: 0, max: 40, value: String(settingAt(merged, 'components.form.borderRadius') ?? 8) })}
<div class="actions"><button type="submit" name="action" value="preview" class="secondary">Preview</button>
<button type="submit" name="action" value="save">Save style</button></div>
</form>
${style ? html`<div class="actions">${postForm(ctx.session!.csrf, brandingPath(poolId, clientId, '/reset'), html``, 'Reset to Cognito\'s values', { secondary: true })}
${postForm(ctx.session!.csrf, brandingPath(poolId, clientId, '/delete'), html``, 'Delete style', { danger: true })}</div>` : ''}
<h2>Images</h2>
${table(['Used as', 'Colour mode', 'Type', 'Size'], ((style?.Assets ?? []) as OperationOutput[]).map((a) => [
    ASSET_CATEGORIES.find((c) => c.value === a.Category)?.label ?? a.Category, a.ColorMode, a.Extension, `${Buffer.byteLength(String(a.Bytes ?? ''), 'base64').toLocaleString('en')} bytes`,
  ]), 'No images yet.')}
<form method="post" action="${brandingPath(poolId, clientId, '/assets')}" enctype="multipart/form-data">
${csrfInput(ctx.session!.csrf)}
${select({ name: 'category', label: 'Used as', options: ASSET_CATEGORIES })}
${select({ name: 'colorMode', label: 'Colour mode', options: COLOR_MODES, selected: 'DYNAMIC' })}
<label for="image">Image file</label>
<input type="file" id="image" name="image" required accept=".png,.jpg,.jpeg,.svg,.webp,.ico" aria-describedby="image-hint">
<p class="hint" id="image-hint">PNG, JPEG, SVG, WebP or ICO (favicons: SVG or ICO), at most 1,000,000 bytes and within the server's request limit. It replaces the image of the same use and colour mode.</p>
<div class="actions"><button type="submit">Upload image</button></div>
</form>
<p><a href="${poolPath(poolId, `/clients/${clientId}`)}">Back to the app client</a></p>`, options.status);
}

export const brandingRoutes = defineRoutes([
  {
    method: 'GET', path: '/pools/:poolId/clients/:clientId/branding', async handler(ctx) {
      return brandingPage(ctx);
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/clients/:clientId/branding', async handler(ctx) {
      const { poolId, clientId } = ctx.params;
      const { settings, error } = settingsFromForm(ctx);
      if (error) return brandingPage(ctx, { error, status: 400 });
      if (ctx.form.get('action') === 'preview') return brandingPage(ctx, { settings, notice: 'Preview of unsaved changes: save to apply them.' });
      const current = await ctx.attempt('DescribeManagedLoginBrandingByClient', { UserPoolId: poolId, ClientId: clientId });
      const id = current.output?.ManagedLoginBranding?.ManagedLoginBrandingId as string | undefined;
      const saved = id
        ? await ctx.attempt('UpdateManagedLoginBranding', { UserPoolId: poolId, ManagedLoginBrandingId: id, Settings: settings })
        : await ctx.attempt('CreateManagedLoginBranding', { UserPoolId: poolId, ClientId: clientId, Settings: settings });
      if (saved.error) return brandingPage(ctx, { settings, error: saved.error.message, status: 400 });
      return ctx.redirect(brandingPath(poolId, clientId), 'Style saved.');
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/clients/:clientId/branding/assets', async handler(ctx) {
      const { poolId, clientId } = ctx.params;
      const bytes = ctx.form.raw('image') ?? '';
      const extension = EXTENSIONS[(ctx.form.get('image.filename') ?? '').split('.').pop()?.toLowerCase() ?? ''];
      const category = ctx.form.get('category') ?? '';
      const colorMode = ctx.form.get('colorMode') ?? '';
      let error: string | undefined;
      if (!bytes) error = 'Choose an image file to upload.';
      else if (!extension) error = 'The image must be a .png, .jpg, .jpeg, .svg, .webp or .ico file.';
      else {
        const asset = { Category: category, ColorMode: colorMode, Extension: extension, Bytes: bytes };
        const current = await ctx.attempt('DescribeManagedLoginBrandingByClient', { UserPoolId: poolId, ClientId: clientId });
        const id = current.output?.ManagedLoginBranding?.ManagedLoginBrandingId as string | undefined;
        const saved = id
          ? await ctx.attempt('UpdateManagedLoginBranding', { UserPoolId: poolId, ManagedLoginBrandingId: id, Assets: [asset] })
          : await ctx.attempt('CreateManagedLoginBranding', { UserPoolId: poolId, ClientId: clientId, Assets: [asset] });
        error = saved.error?.message;
      }
      if (error) return brandingPage(ctx, { error, status: 400 });
      return ctx.redirect(brandingPath(poolId, clientId), 'Image uploaded.');
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/clients/:clientId/branding/reset', async handler(ctx) {
      const { poolId, clientId } = ctx.params;
      const { ManagedLoginBranding: style } = await ctx.invoke('DescribeManagedLoginBrandingByClient', { UserPoolId: poolId, ClientId: clientId });
      await ctx.invoke('UpdateManagedLoginBranding', { UserPoolId: poolId, ManagedLoginBrandingId: style.ManagedLoginBrandingId, UseCognitoProvidedValues: true });
      return ctx.redirect(brandingPath(poolId, clientId), 'Style reset to Cognito\'s values.');
    },
  },
  {
    method: 'POST', path: '/pools/:poolId/clients/:clientId/branding/delete', async handler(ctx) {
      const { poolId, clientId } = ctx.params;
      if (ctx.form.get('confirm') !== 'yes') {
        const { UserPool: pool } = await ctx.invoke('DescribeUserPool', { UserPoolId: poolId });
        return ctx.render({ title: 'Delete this branding style?', section: 'clients', pool: { id: pool.Id, name: pool.Name } }, html`
<p class="warning">The app client's managed login pages go back to managed login's own look. Its images are deleted with the style.</p>
<div class="actions">${postForm(ctx.session!.csrf, brandingPath(poolId, clientId, '/delete'), hidden('confirm', 'yes'), 'Delete style', { danger: true })}
<a href="${brandingPath(poolId, clientId)}">Cancel</a></div>`);
      }
      const { ManagedLoginBranding: style } = await ctx.invoke('DescribeManagedLoginBrandingByClient', { UserPoolId: poolId, ClientId: clientId });
      await ctx.invoke('DeleteManagedLoginBranding', { UserPoolId: poolId, ManagedLoginBrandingId: style.ManagedLoginBrandingId });
      return ctx.redirect(brandingPath(poolId, clientId), 'Style deleted.');
    },
  },
]);
