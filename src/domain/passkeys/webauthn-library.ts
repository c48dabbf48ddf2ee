// @simplewebauthn/server, loaded when a passkey is first registered or used. With the X.509 and
// ASN.1 code it brings it was the largest piece of every start's module loading, for a feature that
// many servers never use (and the build puts it in a chunk of its own, loaded here).
export type WebAuthnLibrary = typeof import('@simplewebauthn/server');

let loading: Promise<WebAuthnLibrary> | undefined;

export const webAuthnLibrary = (): Promise<WebAuthnLibrary> => (loading ??= import('@simplewebauthn/server'));
