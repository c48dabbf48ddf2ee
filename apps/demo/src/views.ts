// The demo's pages: plain HTML, every interpolated value escaped.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escape = (value: unknown): string => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);

const STYLE = `body{font-family:system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem}a.button,button{display:inline-block;background:#0b5cad;color:#fff;border:0;border-radius:6px;padding:.6rem 1.1rem;font-size:1rem;text-decoration:none;cursor:pointer}
table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border-bottom:1px solid #d0d7de;padding:.4rem;text-align:left;font-family:ui-monospace,monospace;font-size:.9rem;word-break:break-all}
th{width:12rem}.error{background:#fff1f0;border:1px solid #f5a8a3;border-radius:6px;padding:1rem}.muted{color:#57606a;font-size:.9rem}`;

export function page(title: string, body: string, options: { scriptNonce?: string; script?: string } = {}): string {
  const script = options.script && options.scriptNonce ? `<script nonce="${escape(options.scriptNonce)}">${options.script}</script>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>${STYLE}</style></head><body>${body}${script}</body></html>`;
}

export function homeView(signedIn: boolean, flow: string): string {
  return page('Gatehouse demo', `<h1>Gatehouse demo</h1>
<p>A web app that signs its users in with a Cognito-compatible Hosted UI (${flow === 'code' ? 'authorization code + PKCE' : 'implicit grant'}).</p>
${signedIn ? '<p><a class="button" href="/secure">Show my attributes</a></p>' : '<p><a class="button" href="/login">Sign in</a></p>'}`);
}

export function secureView(
  attributes: { email?: string; phone?: string; username: string },
  session: { claims: Record<string, unknown>; accessExpiresAt?: number; refreshable: boolean },
): string {
  const { claims } = session;
  const until = session.accessExpiresAt ? new Date(session.accessExpiresAt).toISOString().replace(/\.\d+Z$/, 'Z') : 'unknown';
  const rows = Object.entries(claims)
    .map(([name, value]) => `<tr><th>${escape(name)}</th><td>${escape(typeof value === 'string' ? value : JSON.stringify(value))}</td></tr>`)
    .join('');
  return page('Logged-In User Attributes', `<h1>Logged-In User Attributes</h1>
<p>User E-Mail: <strong id="email">${escape(attributes.email ?? '')}</strong></p>
<p>User Phone Number: <strong id="phone">${escape(attributes.phone ?? '')}</strong></p>
<p class="muted">Read with GetUser and the access token (user ${escape(attributes.username)}).
The access token is valid until <span id="access-expires">${escape(until)}</span>; ${session.refreshable
    ? 'then this page gets new tokens with the refresh token, without asking you to sign in.'
    : 'then you sign in again (the implicit grant gives no refresh token).'}</p>
<form method="post" action="/logout"><button type="submit">Sign out</button></form>
<h2>ID token claims</h2><table>${rows}</table>`);
}

export function errorView(title: string, message: string, options: { signIn?: boolean } = {}): string {
  return page(title, `<h1>${escape(title)}</h1><div class="error" role="alert"><p>${escape(message)}</p></div>
<p>${options.signIn === false ? '<a href="/">Home</a>' : '<a class="button" href="/login">Sign in again</a> &nbsp; <a href="/">Home</a>'}</p>`);
}

/** The implicit grant's landing page: moves the tokens from the fragment into a POST to the app. */
export function implicitView(nonce: string): string {
  const script = `const p=new URLSearchParams(location.hash.slice(1));history.replaceState(null,'',location.pathname);
const f=document.getElementById('f');for(const n of ['access_token','id_token','expires_in','state','error','error_description']){const i=document.createElement('input');i.type='hidden';i.name=n;i.value=p.get(n)||'';f.appendChild(i);}f.submit();`;
  return page('Signing in…', `<p>Signing in…</p><form id="f" method="post" action="/callback"></form>
<noscript><p>The implicit grant returns tokens in the URL fragment, which only a script can read: enable JavaScript, or use DEMO_FLOW=code.</p></noscript>`,
  { scriptNonce: nonce, script });
}
