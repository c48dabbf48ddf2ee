// A local identity provider's configuration documents on 127.0.0.1: an OpenID Connect discovery
// document at /.well-known/openid-configuration (issuer = the server's URL), one naming another
// issuer at /other/.well-known/openid-configuration, and SAML metadata at /saml/metadata.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const SAML_METADATA = `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

export interface ProviderDocuments {
  url: string;
  /** The paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startProviderDocuments(): Promise<ProviderDocuments> {
  const requests: string[] = [];
  let base = '';
  const json = (body: unknown) => ({ type: 'application/json', body: JSON.stringify(body) });
  const documents = (): Record<string, { type: string; body: string }> => ({
    '/.well-known/openid-configuration': json({
      issuer: base, authorization_endpoint: `${base}/authorize`, token_endpoint: `${base}/token`, userinfo_endpoint: `${base}/userinfo`, jwks_uri: `${base}/jwks`,
    }),
    '/other/.well-known/openid-configuration': json({
      issuer: 'https://someone-else.example.com', authorization_endpoint: `${base}/a`, token_endpoint: `${base}/t`, jwks_uri: `${base}/j`,
    }),
    '/saml/metadata': { type: 'application/samlmetadata+xml', body: SAML_METADATA },
  });
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const document = documents()[req.url ?? ''];
    res.statusCode = document ? 200 : 404;
    res.setHeader('content-type', document?.type ?? 'text/plain');
    res.end(document?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
