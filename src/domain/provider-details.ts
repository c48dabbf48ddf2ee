// ProviderDetails per ProviderType: the keys each type requires and accepts, the endpoints Cognito
// shows for the social types, OIDC issuer discovery and the SAML metadata document.
// - Every endpoint may be overridden in ProviderDetails (tests and air-gapped sites point them at
//   local servers); an explicit OIDC endpoint wins over the discovered one.
// - Keys Describe adds (attributes_url_add_attributes, token_request_method, the discovered URLs)
//   are accepted back, so Describe → Update round-trips as it does with Cognito.
// - Secrets (client_secret, private_key) are returned apart from the details, for the caller to seal.
import type { Config } from '../config/schema.js';
import { InvalidParameterException } from '../cognito/errors.js';
import type { PROVIDER_TYPES } from '../cognito/identity-provider-shapes.js';
import { checkProviderUrl, fetchProviderDocument } from './provider-urls.js';

export type ProviderType = (typeof PROVIDER_TYPES)[number];
export const SOCIAL_TYPES: readonly ProviderType[] = ['Facebook', 'Google', 'LoginWithAmazon', 'SignInWithApple'];

export const SECRET_KEYS = ['client_secret', 'private_key'] as const;
export type ProviderSecrets = { client_secret?: string; private_key?: string };

const URL_KEYS = new Set(['oidc_issuer', 'authorize_url', 'token_url', 'attributes_url', 'jwks_uri', 'MetadataURL']);
const ENDPOINT_KEYS = ['authorize_url', 'token_url', 'attributes_url', 'jwks_uri', 'oidc_issuer', 'token_request_method', 'attributes_url_add_attributes'];
const SAML_FLAGS = ['IDPSignout', 'IDPInit', 'EncryptedResponses'];
/** What Describe shows for SAML from the parsed metadata; derived, so ignored when sent back. */
const SAML_DERIVED = ['ActiveEncryptionCertificate', 'SLORedirectBindingURI', 'SSORedirectBindingURI'];

interface TypeRules {
  required: string[];
  accepted: string[];
  /** What Describe shows besides the given keys; given keys win. */
  builtIns(details: Record<string, string>): Record<string, string>;
}

const social = (required: string[], extra: string[], builtIns: TypeRules['builtIns']): TypeRules => ({
  required, accepted: [...required, ...extra, ...ENDPOINT_KEYS], builtIns,
});

const RULES: Record<ProviderType, TypeRules> = {
  Google: social(['client_id', 'client_secret', 'authorize_scopes'], [], () => ({
    attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=',
    attributes_url_add_attributes: 'true',
    authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth',
    oidc_issuer: 'https://accounts.google.com',
    token_request_method: 'POST',
    token_url: 'https://www.googleapis.com/oauth2/v4/token',
  })),
  Facebook: social(['client_id', 'client_secret', 'authorize_scopes'], ['api_version'], (d) => {
    const version = d.api_version ?? 'v17.0';
    return {
      api_version: version,
      attributes_url: `https://graph.facebook.com/${version}/me?fields=`,
      attributes_url_add_attributes: 'true',
      authorize_url: `https://www.facebook.com/${version}/dialog/oauth`,
      token_request_method: 'GET',
      token_url: `https://graph.facebook.com/${version}/oauth/access_token`,
    };
  }),
  LoginWithAmazon: social(['client_id', 'client_secret', 'authorize_scopes'], [], () => ({
    attributes_url: 'https://api.amazon.com/user/profile',
    attributes_url_add_attributes: 'false',
    authorize_url: 'https://www.amazon.com/ap/oa',
    token_request_method: 'POST',
    token_url: 'https://api.amazon.com/auth/o2/token',
  })),
  SignInWithApple: social(['client_id', 'team_id', 'key_id', 'private_key', 'authorize_scopes'], [], () => ({
    attributes_url_add_attributes: 'false',
    authorize_url: 'https://appleid.apple.com/auth/authorize',
    oidc_issuer: 'https://appleid.apple.com',
    token_request_method: 'POST',
    token_url: 'https://appleid.apple.com/auth/token',
  })),
  OIDC: {
    required: ['client_id', 'authorize_scopes', 'oidc_issuer'],
    accepted: ['client_id', 'client_secret', 'authorize_scopes', 'oidc_issuer', 'attributes_request_method', ...ENDPOINT_KEYS],
    builtIns: () => ({ attributes_request_method: 'GET', attributes_url_add_attributes: 'false' }),
  },
  SAML: {
    required: [],
    accepted: ['MetadataURL', 'MetadataFile', ...SAML_FLAGS, 'RequestSigningAlgorithm', ...SAML_DERIVED],
    builtIns: () => ({}),
  },
};

/** JWKS of the social types whose sign-in returns an ID token; not shown by Describe, as with Cognito. */
const BUILT_IN_JWKS: Partial<Record<ProviderType, string>> = {
  Google: 'https://www.googleapis.com/oauth2/v3/certs',
  SignInWithApple: 'https://appleid.apple.com/auth/keys',
};

export function builtInJwksUri(type: string): string | undefined {
  return BUILT_IN_JWKS[type as ProviderType];
}

export interface NormalizedDetails {
  /** What Describe shows, secrets excluded. */
  details: Record<string, string>;
  secrets: ProviderSecrets;
  /** SAML: the metadata document fetched from MetadataURL or given as MetadataFile. */
  samlMetadata?: string;
}

function requiredMessage(keys: string[]): string {
  return `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]} are all required idp details.`;
}

function checkChoice(details: Record<string, string>, key: string, allowed: string[]): void {
  const value = details[key];
  if (value !== undefined && !allowed.includes(value)) throw new InvalidParameterException(`${key} must be ${allowed.join(' or ')}.`);
}

/**
 * Validates `input` for a provider of `type` and fills in what Describe shows. `keptSecrets` are the
 * stored secrets an update keeps when it does not send them again (Apple's private_key is never shown,
 * so a Describe → Update round trip cannot send it).
 */
export async function normalizeDetails(
  config: Config, type: ProviderType, input: Record<string, string>, keptSecrets: ProviderSecrets = {},
): Promise<NormalizedDetails> {
  const rules = RULES[type];
  for (const key of Object.keys(input)) {
    if (!rules.accepted.includes(key)) throw new InvalidParameterException(`${key} is not a valid ProviderDetails key for ${type} providers.`);
  }
  const given: Record<string, string> = { ...input };
  for (const key of SAML_DERIVED) delete given[key];
  for (const key of SECRET_KEYS) if (given[key] === undefined && keptSecrets[key] !== undefined) given[key] = keptSecrets[key]!;
  if (rules.required.some((key) => !given[key]?.trim())) throw new InvalidParameterException(requiredMessage(rules.required));

  for (const key of Object.keys(given)) if (URL_KEYS.has(key)) checkProviderUrl(config, key, given[key]);
  checkChoice(given, 'attributes_request_method', ['GET', 'POST']);
  checkChoice(given, 'token_request_method', ['GET', 'POST']);
  checkChoice(given, 'attributes_url_add_attributes', ['true', 'false']);
  for (const flag of SAML_FLAGS) checkChoice(given, flag, ['true', 'false']);
  checkChoice(given, 'RequestSigningAlgorithm', ['rsa-sha256']);
  if (given.api_version !== undefined && !/^v\d+\.\d+$/.test(given.api_version)) {
    throw new InvalidParameterException('api_version must look like v17.0.');
  }

  const secrets: ProviderSecrets = {};
  for (const key of SECRET_KEYS) {
    if (given[key] !== undefined) secrets[key] = given[key];
    delete given[key];
  }
  const details = { ...rules.builtIns(given), ...given };
  if (type === 'OIDC') Object.assign(details, await discoverOidcEndpoints(config, details));
  if (type === 'SAML') return { details, secrets, samlMetadata: await samlMetadata(config, details) };
  return { details, secrets };
}

const OIDC_ENDPOINTS = [
  ['authorize_url', 'authorization_endpoint'],
  ['token_url', 'token_endpoint'],
  ['attributes_url', 'userinfo_endpoint'],
  ['jwks_uri', 'jwks_uri'],
] as const;

/**
 * The OIDC endpoints the details do not set, from `<oidc_issuer>/.well-known/openid-configuration`.
 * Nothing is fetched when every endpoint is set (a provider that cannot be reached at configuration time).
 */
async function discoverOidcEndpoints(config: Config, details: Record<string, string>): Promise<Record<string, string>> {
  if (OIDC_ENDPOINTS.every(([key]) => details[key] !== undefined)) return {};
  const issuer = details.oidc_issuer;
  const url = checkProviderUrl(config, 'oidc_issuer', `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
  const text = await fetchProviderDocument(url, 'OpenID Connect discovery document', 'application/json');
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(text);
  } catch {
    throw new InvalidParameterException(`The OpenID Connect discovery document at ${url.href} is not JSON.`);
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new InvalidParameterException(`The OpenID Connect discovery document at ${url.href} is not a JSON object.`);
  }
  // OpenID Connect Discovery 1.0 §4.3: the document's issuer must be the issuer it was fetched for.
  if (typeof document.issuer !== 'string' || document.issuer.replace(/\/+$/, '') !== issuer.replace(/\/+$/, '')) {
    throw new InvalidParameterException(`The OpenID Connect discovery document at ${url.href} is for issuer ${String(document.issuer)}, not ${issuer}.`);
  }
  const found: Record<string, string> = {};
  for (const [key, member] of OIDC_ENDPOINTS) {
    const value = document[member];
    if (details[key] !== undefined || typeof value !== 'string') continue;
    checkProviderUrl(config, key, value);
    found[key] = value;
  }
  for (const key of ['authorize_url', 'token_url', 'jwks_uri']) {
    if (details[key] === undefined && found[key] === undefined) {
      throw new InvalidParameterException(`${key} is required: the OpenID Connect discovery document of ${issuer} does not give it.`);
    }
  }
  return found;
}

/** The SAML metadata: MetadataFile as given, or the document at MetadataURL (fetched now, kept). */
async function samlMetadata(config: Config, details: Record<string, string>): Promise<string> {
  const { MetadataURL: url, MetadataFile: file } = details;
  if ((url === undefined) === (file === undefined)) throw new InvalidParameterException('Exactly one of MetadataURL and MetadataFile is required.');
  // Cognito: MetadataFile is the XML with its quotes backslash-escaped, as it is typed on a command line.
  const document = file !== undefined
    ? file.replace(/\\"/g, '"')
    : await fetchProviderDocument(checkProviderUrl(config, 'MetadataURL', url!), 'SAML metadata', 'application/samlmetadata+xml, application/xml, text/xml');
  if (!/<(\w+:)?EntityDescriptor[\s>]/.test(document)) {
    throw new InvalidParameterException(`The SAML metadata ${url !== undefined ? `at ${url} ` : ''}is not an EntityDescriptor document.`);
  }
  return document;
}
