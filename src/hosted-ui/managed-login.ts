// Managed login: on a domain whose ManagedLoginVersion is 2, the pages take the app client's
// branding style (managed login) instead of SetUICustomization's CSS and logo (the classic Hosted
// UI of version 1), and the sign-up page links the client's terms documents. Also serves the
// style's image assets.
// - Cognito: a domain's version decides which of the two brandings its pages show; the other is
//   kept but not applied. A client without a style shows managed login's own look.
// - Pages reached by the pool's path or at the server's own origin follow the pool's prefix
//   domain (else its custom domain); a pool with no domain shows the classic Hosted UI.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../domain/deps.js';
import type { ManagedLoginAsset, ManagedLoginBrandingRecord, PoolRecord } from '../store/store.js';
import type { FactorGraphic, ModeImage, PageBar, UiLook } from '../web/layout.js';
import { requirePoolContext } from '../web/pool-context.js';
import { sendErrorPage } from '../web/headers.js';
import { ASSET_CONTENT_TYPES, effectiveSettings } from '../domain/managed-login/branding.js';
import { COGNITO_DEFAULT_SETTINGS } from '../domain/managed-login/defaults.js';
import { colorScheme, managedLoginCss, type BrandingImages, type ColorMode } from '../domain/managed-login/css.js';
import { settingAt, type Settings } from '../domain/managed-login/settings.js';
import { termsLinksForClient, type TermsLinks } from '../domain/terms.js';

export interface ManagedLoginPage {
  ui: UiLook;
  /** Shown on the sign-up page when the client has both documents. */
  terms?: TermsLinks;
}

async function managedLoginVersion(deps: Deps, request: FastifyRequest, pool: PoolRecord): Promise<number> {
  const domains = await deps.store.domains.listByPool(pool.id);
  const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  const prefix = host.endsWith(`.${deps.config.hostedUi.baseDomain}`) ? host.slice(0, -(deps.config.hostedUi.baseDomain.length + 1)) : undefined;
  const reached = domains.find((d) => d.domain === host || d.domain === prefix);
  const domain = reached ?? domains.find((d) => !d.custom) ?? domains[0];
  return Number(domain?.config.ManagedLoginVersion ?? 1);
}

/** The asset of `category` for a colour mode: that mode's own, else the DYNAMIC one. */
const assetFor = (branding: ManagedLoginBrandingRecord, category: string, mode: 'LIGHT' | 'DARK'): ManagedLoginAsset | undefined =>
  branding.assets.find((a) => a.category === category && a.colorMode === mode) ?? branding.assets.find((a) => a.category === category && a.colorMode === 'DYNAMIC');

export const assetPath = (assetBase: string, branding: ManagedLoginBrandingRecord, asset: ManagedLoginAsset): string =>
  `${assetBase}/managed-login/assets/${branding.id}/${encodeURIComponent(asset.resourceId)}?v=${branding.updatedAt}`;

/** A text of the style's `textContent` (plain text: the page escapes it), or undefined. */
const textOf = (settings: Settings, key: string): string | undefined => {
  const value = settingAt(settings, `textContent.${key}`);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

const barLocation = (value: unknown): PageBar['location'] => (value === 'CENTER' || value === 'END' ? value : 'START');

/** The factor graphics, by the asset category that holds each. */
const GRAPHICS: Record<FactorGraphic, string> = {
  PASSWORD: 'PASSWORD_GRAPHIC', PASSKEY: 'PASSKEY_GRAPHIC', EMAIL: 'EMAIL_GRAPHIC', SMS: 'SMS_GRAPHIC', AUTH_APP: 'AUTH_APP_GRAPHIC',
};

/**
 * The page look of a style: its stylesheet, form logo, favicon, header and footer, identity-provider
 * icon, factor graphics and texts (`assetBase`: where this pool's asset route is reached).
 * - Cognito: the header and footer show when categories.global.pageHeader / pageFooter are
 *   enabled, their logos when components.pageHeader.logo / pageFooter.logo are, at its location;
 *   the provider buttons carry IDP_BUTTON_ICON while componentClasses.idpButtons.icons is enabled;
 *   the factor graphics show while categories.form.displayGraphics is true.
 * - textContent: `pageHeader` and `pageFooter` are the bars' texts, `instructions` the form's
 *   (shown while categories.form.instructions is enabled); plain text, escaped by the page.
 */
export function brandingLook(branding: ManagedLoginBrandingRecord | undefined, assetBase: string): UiLook {
  const settings = branding ? effectiveSettings(branding) : COGNITO_DEFAULT_SETTINGS;
  if (!branding) return { css: managedLoginCss(settings) };
  const url = (category: string, mode: 'LIGHT' | 'DARK') => {
    const asset = assetFor(branding, category, mode);
    return asset && assetPath(assetBase, branding, asset);
  };
  const both = (category: string): Partial<Record<ColorMode, string>> => ({ lightMode: url(category, 'LIGHT'), darkMode: url(category, 'DARK') });
  const images: BrandingImages = {
    pageBackground: both('PAGE_BACKGROUND'), formBackground: both('FORM_BACKGROUND'),
    pageHeaderBackground: both('PAGE_HEADER_BACKGROUND'), pageFooterBackground: both('PAGE_FOOTER_BACKGROUND'),
  };
  const scheme = colorScheme(settings);
  // The image the scheme shows, and under DYNAMIC the dark one when it differs.
  const image = (category: string): ModeImage | undefined => {
    const main = url(category, scheme === 'DARK' ? 'DARK' : 'LIGHT');
    if (!main) return undefined;
    const dark = scheme === 'DYNAMIC' ? url(category, 'DARK') : undefined;
    return dark && dark !== main ? { url: main, darkUrl: dark } : { url: main };
  };
  const on = (path: string) => settingAt(settings, path) === true;
  // Cognito: the form's logo shows when the style turns it on.
  const logo = on('components.form.logo.enabled') ? image('FORM_LOGO') : undefined;
  const bar = (component: 'pageHeader' | 'pageFooter', logoCategory: string): PageBar | undefined => {
    if (!on(`categories.global.${component}.enabled`)) return undefined;
    const barLogo = on(`components.${component}.logo.enabled`) ? image(logoCategory) : undefined;
    return { location: barLocation(settingAt(settings, `components.${component}.logo.location`)), ...(barLogo && { logo: barLogo }), ...(textOf(settings, component) && { text: textOf(settings, component) }) };
  };
  const header = bar('pageHeader', 'PAGE_HEADER_LOGO');
  const footer = bar('pageFooter', 'PAGE_FOOTER_LOGO');
  const idpIcon = settingAt(settings, 'componentClasses.idpButtons.icons.enabled') !== false ? image('IDP_BUTTON_ICON') : undefined;
  const graphics: Partial<Record<FactorGraphic, ModeImage>> = {};
  if (settingAt(settings, 'categories.form.displayGraphics') !== false) {
    for (const [factor, category] of Object.entries(GRAPHICS) as Array<[FactorGraphic, string]>) {
      const graphic = image(category);
      if (graphic) graphics[factor] = graphic;
    }
  }
  const instructions = on('categories.form.instructions.enabled') ? textOf(settings, 'instructions') : undefined;
  // The SVG favicon where there is one (it scales), else the ICO.
  const icon = assetFor(branding, 'FAVICON_SVG', scheme === 'DARK' ? 'DARK' : 'LIGHT') ?? assetFor(branding, 'FAVICON_ICO', scheme === 'DARK' ? 'DARK' : 'LIGHT');
  return {
    css: managedLoginCss(settings, images),
    ...(logo && { logoUrl: logo.url, ...(logo.darkUrl && { logoDarkUrl: logo.darkUrl }) }),
    ...(icon && { favicon: { url: assetPath(assetBase, branding, icon), type: ASSET_CONTENT_TYPES[icon.extension] } }),
    ...(header && { header }), ...(footer && { footer }), ...(idpIcon && { idpIcon }),
    ...(Object.keys(graphics).length > 0 && { graphics }), ...(instructions && { instructions }),
  };
}

/** The browser's languages, most preferred first (Accept-Language without weights). */
const languagesOf = (request: FastifyRequest): string[] =>
  String(request.headers['accept-language'] ?? '').split(',').slice(0, 10).map((part) => part.split(';')[0].trim()).filter(Boolean);

/** Managed login's look and terms for a page of `clientId`, or undefined on a classic Hosted UI domain. */
export async function managedLoginPage(deps: Deps, request: FastifyRequest, pool: PoolRecord, clientId: string, assetBase: string): Promise<ManagedLoginPage | undefined> {
  if ((await managedLoginVersion(deps, request, pool)) !== 2) return undefined;
  const branding = await deps.store.managedLoginBrandings.findByClient(pool.id, clientId);
  return { ui: brandingLook(branding, assetBase), terms: await termsLinksForClient(deps.store, pool.id, clientId, languagesOf(request)) };
}

/** GET …/managed-login/assets/<style id>/<resource id>: an image of a style, as the type its bytes were checked to be. */
export function managedLoginAssetRoute(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { brandingId: string; resourceId: string } }>('/managed-login/assets/:brandingId/:resourceId', async (request, reply) => {
    const { pool } = await requirePoolContext(deps, request);
    const branding = await deps.store.managedLoginBrandings.find(pool.id, request.params.brandingId);
    const asset = branding?.assets.find((a) => a.resourceId === request.params.resourceId);
    if (!asset) return sendErrorPage(reply, 404, 'There is no image here.');
    return reply
      .header('content-type', ASSET_CONTENT_TYPES[asset.extension])
      // An SVG opened on its own runs no script and loads nothing.
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
      .header('cache-control', 'public, max-age=3600')
      .send(Buffer.from(asset.bytesBase64, 'base64'));
  });
}
