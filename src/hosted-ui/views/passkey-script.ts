// The one script of the Hosted UI, on the passkey pages: the button runs navigator.credentials.get
// (sign-in) or .create (registration) with the options in the form's data-options, writes the
// credential as JSON (base64url fields, as @simplewebauthn and Cognito read them) into the form's
// `credential` field and posts the form, CSRF token and all. Fixed text: it reads no user data
// but the options the server wrote.
export const PASSKEY_SCRIPT = `(() => {
  const form = document.getElementById('passkey-form');
  const button = document.getElementById('passkey-button');
  const status = document.getElementById('passkey-status');
  if (!form || !button) return;
  const bytes = (text) => {
    const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
  };
  const text = (buffer) => {
    let out = '';
    for (const b of new Uint8Array(buffer)) out += String.fromCharCode(b);
    return btoa(out).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  };
  const ids = (list) => (list || []).map((c) => ({ ...c, id: bytes(c.id) }));
  const common = (c) => ({ id: c.id, rawId: text(c.rawId), type: c.type, authenticatorAttachment: c.authenticatorAttachment || undefined, clientExtensionResults: c.getClientExtensionResults() });
  async function run() {
    const options = JSON.parse(form.dataset.options);
    if (form.dataset.mode === 'create') {
      const publicKey = { ...options, challenge: bytes(options.challenge), user: { ...options.user, id: bytes(options.user.id) }, excludeCredentials: ids(options.excludeCredentials) };
      const c = await navigator.credentials.create({ publicKey });
      return { ...common(c), response: { clientDataJSON: text(c.response.clientDataJSON), attestationObject: text(c.response.attestationObject), transports: c.response.getTransports ? c.response.getTransports() : [] } };
    }
    const publicKey = { ...options, challenge: bytes(options.challenge), allowCredentials: ids(options.allowCredentials) };
    const c = await navigator.credentials.get({ publicKey });
    return { ...common(c), response: { clientDataJSON: text(c.response.clientDataJSON), authenticatorData: text(c.response.authenticatorData), signature: text(c.response.signature), userHandle: c.response.userHandle ? text(c.response.userHandle) : undefined } };
  }
  button.addEventListener('click', async (event) => {
    event.preventDefault();
    if (!window.PublicKeyCredential) { status.textContent = 'This browser does not support passkeys.'; return; }
    button.disabled = true;
    status.textContent = '';
    try {
      form.elements.namedItem('credential').value = JSON.stringify(await run());
      form.submit();
    } catch (error) {
      button.disabled = false;
      status.textContent = 'The passkey was not used (' + (error && error.name ? error.name : 'error') + '). Try again or choose another way.';
    }
  });
})();`;
