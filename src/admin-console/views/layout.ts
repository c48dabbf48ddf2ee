// The console's page frame: a top bar (brand, server-wide sections, sign-out), a left bar with the
// pool's sections on a pool's pages, and the page. Same palette and type as the Hosted UI; CSS
// admitted by the response's nonce, no script anywhere.
import { Html, html } from '../../web/html.js';
import { documentHead, messages } from '../../web/layout.js';
import { POOL_NAV, TOP_NAV, poolPath } from '../nav.js';
import { CSRF_FIELD } from '../../web/csrf.js';

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f3f5f8;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330}
a{color:#2458d6}
header{display:flex;align-items:center;gap:24px;background:#1d2330;color:#fff;padding:0 24px;height:52px}
header .brand{font-weight:700;color:#fff;text-decoration:none;font-size:1.05rem}
header nav{display:flex;gap:4px;flex:1}
header nav a{color:#cfd6e4;text-decoration:none;padding:6px 12px;border-radius:6px}
header nav a.current,header nav a:hover{background:#343d50;color:#fff}
header form{margin:0}
header .who{color:#cfd6e4;font-size:.85rem}
header button{background:transparent;border:1px solid #6b7486;color:#fff;padding:5px 12px;margin:0;width:auto;font-size:.85rem}
.frame{display:flex;max-width:1200px;margin:0 auto;padding:24px;gap:24px}
aside{width:200px;flex:none}
aside .pool-name{font-weight:700;margin:0 0 2px;overflow-wrap:anywhere}
aside .pool-id{color:#5b6474;font-size:.8rem;margin:0 0 12px;font-family:ui-monospace,monospace}
aside a,aside span{display:block;padding:6px 10px;border-radius:6px;text-decoration:none;color:#1d2330}
aside a.current{background:#dfe7fb;color:#173b94;font-weight:600}
aside a:hover{background:#e8ecf3}
aside span.soon{color:#9aa1ad}
aside span.soon small{margin-left:6px;font-size:.75rem}
main{flex:1;min-width:0;background:#fff;border-radius:10px;padding:24px 28px;box-shadow:0 1px 3px rgba(16,24,40,.1)}
main.narrow{max-width:420px;margin:64px auto}
h1{font-size:1.4rem;margin:0 0 16px}
h2{font-size:1.1rem;margin:28px 0 10px}
label{display:block;font-weight:600;font-size:.9rem;margin:14px 0 4px}
label.check{font-weight:400;display:flex;gap:8px;align-items:center;margin:4px 0;overflow-wrap:anywhere;min-width:0}
fieldset{border:1px solid #dde2ea;border-radius:8px;padding:8px 16px 14px;margin:16px 0}
legend{font-weight:600;padding:0 6px}
input[type=text],input[type=password],input[type=number],input[type=url],select,textarea{width:100%;max-width:520px;padding:8px 10px;
  border:1px solid #c5cbd6;border-radius:6px;font:inherit}
textarea{min-height:80px;font-family:ui-monospace,monospace;font-size:.9rem}
input:focus,button:focus,a:focus,select:focus,textarea:focus{outline:3px solid #8cb4ff;outline-offset:1px}
button,.button{display:inline-block;margin-top:18px;padding:9px 18px;border:0;border-radius:6px;background:#2458d6;color:#fff;
  font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:#2458d6;border:1px solid #2458d6}
button.danger{background:#b42318}
.actions{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.actions form{margin:0}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #e6e9ef;vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.03em;color:#5b6474}
dl{display:grid;grid-template-columns:200px 1fr;gap:6px 16px;margin:8px 0}
dt{color:#5b6474}
dd{margin:0;overflow-wrap:anywhere}
code,.mono{font-family:ui-monospace,monospace;font-size:.88rem;overflow-wrap:anywhere}
.alert{padding:10px 12px;border-radius:6px;background:#fdecec;color:#8a1c1c;margin:0 0 14px}
.notice{padding:10px 12px;border-radius:6px;background:#e8f3ec;color:#1b5e34;margin:0 0 14px}
.warning{padding:10px 12px;border-radius:6px;background:#fff6e0;color:#7a4b00;margin:0 0 14px}
.hint{color:#5b6474;font-size:.85rem;margin:4px 0 0}
.empty{color:#5b6474}
.pager{display:flex;gap:12px;margin-top:12px}
.nowrap{white-space:nowrap}
.summary{font-size:.82rem;color:#3b4354;overflow-wrap:anywhere}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:0 16px}
`;

export interface ConsoleLayout {
  title: string;
  cssNonce: string;
  /** The signed-in actor and the session's CSRF token; absent on the sign-in page. */
  session?: { actor: string; csrf: string };
  /** The highlighted section (a TOP_NAV or POOL_NAV entry's `section`). */
  section?: string;
  /** On a pool's pages: the pool, for the left bar. */
  pool?: { id: string; name: string };
  error?: string;
  notice?: string;
  /** A page's own rules (generated from checked values only, never from raw input). */
  css?: string;
}

function topBar(options: ConsoleLayout): Html {
  const session = options.session;
  return html`<header>
<a class="brand" href="/admin">Gatehouse console</a>
<nav aria-label="Console">${session ? TOP_NAV.map((e) => html`<a href="${e.href}"${e.section === options.section || (e.section === 'pools' && options.pool) ? html` class="current" aria-current="page"` : ''}>${e.label}</a>`) : ''}</nav>
${session ? html`<span class="who">${session.actor}</span>
<form method="post" action="/admin/logout"><input type="hidden" name="${CSRF_FIELD}" value="${session.csrf}"><button type="submit">Sign out</button></form>` : ''}
</header>`;
}

function poolBar(pool: { id: string; name: string }, section?: string): Html {
  return html`<aside>
<p class="pool-name">${pool.name}</p>
<p class="pool-id">${pool.id}</p>
<nav aria-label="User pool">
${POOL_NAV.map((e) =>
    e.placeholder
      ? html`<span class="soon" title="Not built yet">${e.label}<small>soon</small></span>`
      : html`<a href="${poolPath(pool.id, e.path)}"${e.section === section ? html` class="current" aria-current="page"` : ''}>${e.label}</a>`)}
</nav>
</aside>`;
}

export function consoleLayout(options: ConsoleLayout, body: Html): Html {
  const main = html`<main${options.session ? '' : html` class="narrow"`}>
<h1>${options.title}</h1>
${messages(options.error, options.notice)}
${body}
</main>`;
  return html`${documentHead(`${options.title} · Gatehouse console`, options.cssNonce, new Html(options.css ? `${CSS}\n${options.css}` : CSS))}
<body>
${topBar(options)}
<div class="frame">
${options.pool ? poolBar(options.pool, options.section) : ''}
${main}
</div>
</body>
</html>`;
}
