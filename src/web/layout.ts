// The page frame shared by every Hosted UI page: one card, the pool's name, inline CSS allowed by
// the response's CSP nonce (no script, except the passkey pages' one, tagged with the same nonce:
// every other page works without JavaScript).
import { Html, html } from './html.js';

const CSS = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f3f5f8;
  font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330}
main{width:100%;max-width:400px;margin:24px;background:#fff;border-radius:10px;padding:32px;
  box-shadow:0 1px 3px rgba(16,24,40,.1),0 8px 24px rgba(16,24,40,.08)}
h1{font-size:1.35rem;margin:0 0 4px}
.pool{color:#5b6474;font-size:.9rem;margin:0 0 20px}
label{display:block;font-weight:600;font-size:.9rem;margin:14px 0 4px}
input[type=text],input[type=email],input[type=tel],input[type=password]{width:100%;padding:10px 12px;
  border:1px solid #c5cbd6;border-radius:6px;font-size:1rem}
input:focus,button:focus,a:focus{outline:3px solid #8cb4ff;outline-offset:1px}
button{width:100%;margin-top:20px;padding:11px;border:0;border-radius:6px;background:#2458d6;color:#fff;
  font-size:1rem;font-weight:600;cursor:pointer}
button.secondary{background:#fff;color:#2458d6;border:1px solid #2458d6;margin-top:10px}
.banner-customizable{text-align:center;margin:0 0 16px}
.logo-customizable{max-width:100%;max-height:80px}
.alert{padding:10px 12px;border-radius:6px;background:#fdecec;color:#8a1c1c;margin:0 0 12px}
.notice{padding:10px 12px;border-radius:6px;background:#e8f3ec;color:#1b5e34;margin:0 0 12px}
.hint{color:#5b6474;font-size:.85rem;margin:6px 0 0;padding-left:18px}
.secret{overflow-wrap:anywhere;word-break:break-all}
.qr svg{display:block;width:200px;height:200px;margin:8px auto}
.providers{display:flex;flex-direction:column;gap:10px;margin:0 0 8px}
.providers a{display:block;text-align:center;padding:10px;border:1px solid #c5cbd6;border-radius:6px;color:#1d2433;text-decoration:none;font-weight:600}
.links{margin-top:18px;font-size:.9rem;display:flex;justify-content:space-between;gap:12px;flex-wrap:wrap}
a{color:#2458d6}
.terms{font-size:.85rem;margin:16px 0 0}
body.framed{flex-direction:column;justify-content:space-between}
.page-header,.page-footer{align-self:stretch;display:flex;align-items:center;gap:12px;padding:12px 24px;min-height:56px;background:#fff}
.page-header{border-bottom:1px solid #e3e6ea}
.page-footer{border-top:1px solid #e3e6ea;font-size:.85rem}
.bar-CENTER{justify-content:center}
.bar-END{justify-content:flex-end}
.page-header img,.page-footer img{display:block;max-height:40px;max-width:200px}
.idp-icon{display:inline-block;width:20px;height:20px;vertical-align:middle;margin-right:8px}
.factor-graphic{display:block;margin:16px auto 0;max-height:48px;max-width:100%}
.instructions{margin:0 0 12px}
`;

/** An image of a branding style: its URL, and the one shown instead in dark mode. */
export interface ModeImage {
  url: string;
  darkUrl?: string;
}

/** Managed login's page header or footer: a logo where the style places it, and a text. */
export interface PageBar {
  logo?: ModeImage;
  location: 'START' | 'CENTER' | 'END';
  text?: string;
}

/** Managed login's graphics of the sign-in factors. */
export type FactorGraphic = 'PASSWORD' | 'PASSKEY' | 'EMAIL' | 'SMS' | 'AUTH_APP';

/** SetUICustomization: extra CSS (validated: only *-customizable classes) and a logo. */
export interface UiLook {
  css?: string;
  logoUrl?: string;
  /** Managed login: the logo shown instead when the browser prefers dark mode. */
  logoDarkUrl?: string;
  /** Managed login: the style's favicon. */
  favicon?: { url: string; type: string };
  /** Managed login: the page's header and footer bars. */
  header?: PageBar;
  footer?: PageBar;
  /** Managed login: the icon on identity-provider buttons. */
  idpIcon?: ModeImage;
  /** Managed login: the graphic shown with each sign-in factor. */
  graphics?: Partial<Record<FactorGraphic, ModeImage>>;
  /** Managed login: the form's instructions (textContent), shown above every form. */
  instructions?: string;
}

/** An image from a style (URL built by the server), with its dark-mode variant when it has one. */
export function modeImage(image: ModeImage, className: string, alt = ''): Html {
  const img = html`<img class="${className}" src="${image.url}" alt="${alt}">`;
  return image.darkUrl ? html`<picture><source media="(prefers-color-scheme: dark)" srcset="${image.darkUrl}">${img}</picture>` : img;
}

const pageBar = (bar: PageBar, tag: 'header' | 'footer'): Html => {
  const inner = html`${bar.logo ? modeImage(bar.logo, `page-${tag}-logo`) : ''}${bar.text ? html`<span>${bar.text}</span>` : ''}`;
  return tag === 'header'
    ? html`<header class="page-header bar-${bar.location}">${inner}</header>`
    : html`<footer class="page-footer bar-${bar.location}">${inner}</footer>`;
};

export interface LayoutOptions {
  title: string;
  poolName?: string;
  cssNonce: string;
  ui?: UiLook;
  /** A page's one inline script (fixed text, never user data), admitted by the response's nonce. */
  script?: string;
}

/** The document's start up to </head>: the one stylesheet is admitted by the response's CSP nonce. */
export function documentHead(title: string, cssNonce: string, css: Html, favicon?: UiLook['favicon']): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
${favicon ? html`<link rel="icon" type="${favicon.type}" href="${favicon.url}">
` : ''}<style nonce="${cssNonce}">${css}</style>
</head>`;
}

export function layout(options: LayoutOptions, body: Html): Html {
  const { ui } = options;
  return html`${documentHead(options.title, options.cssNonce, html`${new Html(CSS)}${options.ui?.css ? new Html(options.ui.css) : ''}`, options.ui?.favicon)}
<body class="background-customizable${ui?.header || ui?.footer ? ' framed' : ''}">
${ui?.header ? pageBar(ui.header, 'header') : ''}
<main>
${ui?.logoUrl ? html`<div class="banner-customizable">${modeImage({ url: ui.logoUrl, darkUrl: ui.logoDarkUrl }, 'logo-customizable')}</div>` : ''}
<h1>${options.title}</h1>
${options.poolName ? html`<p class="pool">${options.poolName}</p>` : ''}
${ui?.instructions ? html`<p class="instructions textDescription-customizable">${ui.instructions}</p>` : ''}
${body}
</main>
${ui?.footer ? pageBar(ui.footer, 'footer') : ''}
${options.script ? html`<script nonce="${options.cssNonce}">${new Html(options.script)}</script>` : ''}
</body>
</html>`;
}

/** The message shown above a form: an error (role=alert) or a notice (role=status). */
export function messages(error?: string, notice?: string): Html {
  return html`${error ? html`<p class="alert errorMessage-customizable" role="alert">${error}</p>` : ''}${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}`;
}

export function errorView(cssNonce: string, description: string): Html {
  return layout({ title: 'Something went wrong', cssNonce }, html`<p class="alert" role="alert">${description}</p>
<p>Go back to the application and try to sign in again.</p>`);
}
