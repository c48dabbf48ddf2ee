// The development provider's pages, in the Hosted UI's frame (web/layout.ts), each under a banner
// that says what it is: a provider that signs in anyone, unsafe for production.
import { html, type Html } from '../web/html.js';
import { layout, messages } from '../web/layout.js';
import { CSRF_FIELD } from '../web/csrf.js';
import { UNSAFE_NOTICE } from './provider.js';
import type { DevIdentity } from './identities.js';

const SUBTITLE = 'Gatehouse development identity provider';

const banner = html`<p class="alert" id="unsafe">${UNSAFE_NOTICE}</p>`;

export interface SignInView {
  cssNonce: string;
  csrf: string;
  /** The form's action: this page with the authorization request's query string. */
  action: string;
  /** Where the code goes (shown, so the developer sees which app asked). */
  redirectUri: string;
  remembered: DevIdentity[];
  error?: string;
  typed?: { name?: string; email?: string; emailVerified: boolean; phoneNumber?: string };
}

export function signInView(v: SignInView): Html {
  const csrf = html`<input type="hidden" name="${CSRF_FIELD}" value="${v.csrf}">`;
  const typed = v.typed ?? { emailVerified: true };
  const again = v.remembered.map((identity) => html`<form method="post" action="${v.action}">
${csrf}
<input type="hidden" name="name" value="${identity.name}">
<input type="hidden" name="email" value="${identity.email}">
<input type="hidden" name="email_verified" value="${String(identity.emailVerified)}">
${identity.phoneNumber ? html`<input type="hidden" name="phone_number" value="${identity.phoneNumber}">` : ''}
<button class="secondary" type="submit">Continue as ${identity.name} (${identity.email}${identity.phoneNumber ? `, ${identity.phoneNumber}` : ''})</button>
</form>`);
  return layout({ title: 'Sign in', poolName: SUBTITLE, cssNonce: v.cssNonce }, html`${banner}
${messages(v.error)}
${again.length > 0 ? html`<p>Used before in this browser:</p>${again}<p>Or someone else:</p>` : ''}
<form method="post" action="${v.action}">
${csrf}
<label for="name">Name</label>
<input id="name" name="name" type="text" required autocomplete="name" maxlength="128"${typed.name !== undefined ? html` value="${typed.name}"` : ''}${again.length === 0 ? html` autofocus` : ''}>
<label for="email">Email</label>
<input id="email" name="email" type="email" required autocomplete="email" maxlength="254"${typed.email !== undefined ? html` value="${typed.email}"` : ''}>
<label><input type="checkbox" name="email_verified" value="true"${typed.emailVerified ? html` checked` : ''}> The email is verified</label>
<label for="phone_number">Phone number (optional)</label>
<input id="phone_number" name="phone_number" type="tel" autocomplete="tel" maxlength="16" placeholder="+15555550100"${typed.phoneNumber !== undefined ? html` value="${typed.phoneNumber}"` : ''}>
<button type="submit">Sign in</button>
</form>
<p class="hint">No password: whoever types an email is signed in as its owner. The code goes to <span class="secret">${v.redirectUri}</span></p>`);
}

export interface AboutView {
  cssNonce: string;
  issuer: string;
  clientId: string;
  /** The API endpoint, for the example command. */
  endpoint: string;
}

/** /_dev-idp/: what it is and how a pool registers it. */
export function aboutView(v: AboutView): Html {
  const details = `client_id=${v.clientId},client_secret=<devIdp.clientSecret>,oidc_issuer=${v.issuer},authorize_scopes="openid email profile",attributes_request_method=GET`;
  return layout({ title: 'Development identity provider', poolName: SUBTITLE, cssNonce: v.cssNonce }, html`${banner}
<p>An OpenID Connect provider a user pool can register as an ordinary OIDC identity provider, so "Sign in with …" works with no internet and no real provider.</p>
<p>Issuer: <code class="secret">${v.issuer}</code></p>
<p>Client id: <code class="secret">${v.clientId}</code>; client secret: the value of devIdp.clientSecret.</p>
<p>Register it in a pool:</p>
<p><code class="secret">aws cognito-idp create-identity-provider --endpoint-url ${v.endpoint} --user-pool-id &lt;pool id&gt; --provider-name DevIdP --provider-type OIDC --provider-details '${details}' --attribute-mapping email=email,name=name,email_verified=email_verified,phone_number=phone_number</code></p>
<p>Then add DevIdP to the app client's SupportedIdentityProviders.</p>`);
}

export function devIdpErrorView(cssNonce: string, description: string): Html {
  return layout({ title: 'Something went wrong', poolName: SUBTITLE, cssNonce }, html`${banner}
<p class="alert" role="alert">${description}</p>
<p>Go back to the application and try to sign in again.</p>`);
}
