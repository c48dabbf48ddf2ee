// The Hosted UI's MFA steps: code entry (authenticator, SMS or email), the choice between
// factors, and authenticator set-up (a QR code of the otpauth:// URI, and the secret and the URI
// as text to type or paste).
import { html, type Html } from '../../web/html.js';
import { layout, messages } from '../../web/layout.js';
import { csrfField, factorGraphic, field, type ViewContext } from './forms.js';

const FACTOR_NAMES: Record<string, string> = {
  SOFTWARE_TOKEN_MFA: 'Authenticator app',
  SMS_MFA: 'Text message (SMS)',
  EMAIL_OTP: 'Email',
};

export function mfaCodeView(v: ViewContext, options: { challenge: string; session: string; destination?: string }): Html {
  const intro = options.challenge === 'SOFTWARE_TOKEN_MFA'
    ? 'Enter the 6-digit code from your authenticator app.'
    : `We sent a code to ${options.destination ?? 'you'}. Enter it below.`;
  const graphic = ({ SOFTWARE_TOKEN_MFA: 'AUTH_APP', SMS_MFA: 'SMS', EMAIL_OTP: 'EMAIL' } as const)[options.challenge as 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA' | 'EMAIL_OTP'];
  return layout({ title: 'Multi-factor authentication', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui }, html`${messages(v.error, v.notice)}
${graphic ? factorGraphic(v, graphic) : ''}
<p class="textDescription-customizable">${intro}</p>
<form method="post" action="${v.link('mfa')}">
${csrfField(v)}
<input type="hidden" name="challenge" value="${options.challenge}">
<input type="hidden" name="session" value="${options.session}">
${field({ name: 'code', label: 'Code', type: 'text', autocomplete: 'one-time-code' }, true)}
<button class="submitButton-customizable" type="submit">Sign in</button>
</form>
<p class="links redirect-customizable"><a href="${v.link('login')}">Back to sign in</a></p>`);
}

export function mfaSelectView(v: ViewContext, options: { session: string; choices: string[] }): Html {
  return layout({ title: 'Choose how to verify', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui }, html`${messages(v.error, v.notice)}
<p class="textDescription-customizable">How do you want to confirm it is you?</p>
${options.choices.map((choice) => html`<form method="post" action="${v.link('mfa')}">
${csrfField(v)}
<input type="hidden" name="challenge" value="SELECT_MFA_TYPE">
<input type="hidden" name="session" value="${options.session}">
<input type="hidden" name="answer" value="${choice}">
<button class="submitButton-customizable" type="submit">${FACTOR_NAMES[choice] ?? choice}</button>
</form>`)}`);
}

export function mfaEmailSetupView(v: ViewContext, options: { session: string; email?: string }): Html {
  return layout({ title: 'Set up email codes', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui }, html`${messages(v.error, v.notice)}
<p class="textDescription-customizable">This account requires a sign-in code. Enter the email address to send your codes to; we will send a code to it now.</p>
<form method="post" action="${v.link('mfa')}">
${csrfField(v)}
<input type="hidden" name="challenge" value="MFA_SETUP">
<input type="hidden" name="session" value="${options.session}">
${field({ name: 'email', label: 'Email address', type: 'email', autocomplete: 'email', value: options.email }, true)}
<button class="submitButton-customizable" type="submit">Send code</button>
</form>`);
}

export function mfaSetupView(v: ViewContext, options: { session: string; secret: string; uri: string; qr: Html | undefined }): Html {
  const grouped = options.secret.match(/.{1,4}/g)!.join(' ');
  return layout({ title: 'Set up your authenticator app', poolName: v.poolName, cssNonce: v.cssNonce, ui: v.ui }, html`${messages(v.error, v.notice)}
<p class="textDescription-customizable">This account requires an authenticator app (TOTP). Scan this QR code with your app (or add an account with the key below), then enter the 6-digit code it shows.</p>
${options.qr ? html`<div class="qr" id="totp-qr" role="img" aria-label="QR code of the authenticator link">${options.qr}</div>` : ''}
<p class="label-customizable">Secret key</p>
<p class="secret"><code id="totp-secret">${grouped}</code></p>
<p class="label-customizable">Or open or paste this link in your authenticator app</p>
<p class="secret"><a id="totp-uri" href="${options.uri}"><code>${options.uri}</code></a></p>
<form method="post" action="${v.link('mfa')}">
${csrfField(v)}
<input type="hidden" name="challenge" value="MFA_SETUP">
<input type="hidden" name="session" value="${options.session}">
${field({ name: 'code', label: 'Code from your app', type: 'text', autocomplete: 'one-time-code' }, true)}
<button class="submitButton-customizable" type="submit">Verify and sign in</button>
</form>`);
}
