// AWS Signature Version 4 verification for admin operations (service `cognito-idp`).
// - The Authorization header must name a known access key and sign at least host and x-amz-date.
// - The signature is recomputed over the canonical request and compared in constant time.
// - X-Amz-Date must be within the configured skew of the server clock.
// Each failure is answered with the error AWS gives for it.
import { createHmac, createSecretKey, hash, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { AccessKey } from '../cognito/types.js';
import {
  IncompleteSignatureException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from '../cognito/errors.js';

export interface SignedRequest {
  method: string;
  /** Path and query string as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const SERVICE = 'cognito-idp';
const AUTH_PATTERN = /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
// One-shot hashing (crypto.hash): no Hash object per call, on the path of every signed request.
const sha256 = (data: Buffer | string): string => hash('sha256', data, 'hex');

/** Percent-decoding that keeps a malformed sequence as it is instead of throwing (the signature then fails). */
function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
const encode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function canonicalQuery(query: string): string {
  if (!query) return '';
  return query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [k, v = ''] = pair.split('=');
      return [encode(decode(k.replace(/\+/g, ' '))), encode(decode(v.replace(/\+/g, ' ')))];
    })
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

function canonicalPath(path: string): string {
  // The JSON API's one path (every SDK request): nothing to decode or encode.
  if (!path || path === '/') return '/';
  // Decode then re-encode each segment so that clients that did or did not pre-encode agree.
  return path.split('/').map((segment) => encode(decode(segment))).join('/');
}

// Whitespace a canonical header value must not keep: a run of two or more, or any but a space.
const UNCANONICAL_WHITESPACE = /\s\s|[^\S ]/;

function headerValue(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : value ?? '';
  const trimmed = joined.trim();
  // Most values have no such whitespace: testing for it is cheaper than a replace that finds none.
  return UNCANONICAL_WHITESPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

/**
 * The SigV4 signing key depends only on the secret, the day, the region and the service, so it is
 * derived once per day and key (4 HMACs saved on every admin request). Bounded: the map starts over
 * past a few hundred entries (the key's day and region come from the request, before it is checked).
 */
const derivedKeys = new Map<string, KeyObject>();
const DERIVED_KEY_CACHE_SIZE = 256;
function derivedKey(secret: string, day: string, region: string, service: string): KeyObject {
  const cacheKey = `${secret}\u0000${day}\u0000${region}\u0000${service}`;
  let key = derivedKeys.get(cacheKey);
  if (!key) {
    // Kept as a KeyObject: an HMAC keyed by one is set up without importing the key bytes again.
    key = createSecretKey(hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request'));
    if (derivedKeys.size >= DERIVED_KEY_CACHE_SIZE) derivedKeys.clear();
    derivedKeys.set(cacheKey, key);
  }
  return key;
}

/** `20240102T030405Z` → epoch ms, or NaN. */
function parseAmzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return Number.NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

const formatAmzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Throws the AWS error for the first problem found; returns the access key id on success. */
export function verifySigV4(
  request: SignedRequest,
  lookupKey: (accessKeyId: string) => AccessKey | undefined,
  now: number,
  maxSkewSeconds: number,
): string {
  const authorization = headerValue(request.headers['authorization']);
  if (!authorization) throw new MissingAuthenticationTokenException('Missing Authentication Token');
  const match = AUTH_PATTERN.exec(authorization);
  if (!match) {
    throw new IncompleteSignatureException(
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${authorization.split(' ')[0]}`,
    );
  }
  const [, accessKeyId, scopeDate, region, service, signedHeadersList, signature] = match;
  const key = lookupKey(accessKeyId);
  if (!key) throw new UnrecognizedClientException('The security token included in the request is invalid.');

  const amzDate = headerValue(request.headers['x-amz-date']);
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt)) throw new IncompleteSignatureException('Authorization header requires existence of either a \'X-Amz-Date\' or a \'Date\' header.');
  if (Math.abs(now - signedAt) > maxSkewSeconds * 1000) {
    const limit = formatAmzDate(signedAt < now ? now - maxSkewSeconds * 1000 : now + maxSkewSeconds * 1000);
    const relation = signedAt < now ? 'earlier' : 'later';
    throw new InvalidSignatureException(
      `Signature expired: ${amzDate} is now ${relation} than ${limit} (${formatAmzDate(now)} ${signedAt < now ? '-' : '+'} ${Math.round(maxSkewSeconds / 60)} min.)`,
    );
  }

  // AWS: a signature is only good for the service and day it names in its credential scope.
  if (service !== SERVICE) throw new InvalidSignatureException(`Credential should be scoped to correct service: '${SERVICE}'. `);
  if (scopeDate !== amzDate.slice(0, 8)) {
    throw new InvalidSignatureException(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
  }

  const signedHeaders = signedHeadersList.split(';');
  if (!signedHeaders.includes('host')) {
    throw new InvalidSignatureException("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const [path, query = ''] = request.url.split('?', 2);
  // Always the hash of the body received: trusting x-amz-content-sha256 would let a body be swapped.
  const payloadHash = sha256(request.body);
  let canonicalHeaders = '';
  for (const name of signedHeaders) canonicalHeaders += `${name}:${headerValue(request.headers[name])}\n`;
  const canonicalRequest = `${request.method.toUpperCase()}\n${canonicalPath(path)}\n${canonicalQuery(query)}\n${canonicalHeaders}\n${signedHeadersList}\n${payloadHash}`;
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scopeDate}/${region}/${service}/aws4_request\n${sha256(canonicalRequest)}`;
  const signingKey = derivedKey(key.secretAccessKey, scopeDate, region, service);
  const expected = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest();
  // Compared in constant time; the pattern above admits only 64 hex digits, so both are 32 bytes
  // (checked all the same: timingSafeEqual throws on a length mismatch).
  const provided = Buffer.from(signature, 'hex');
  if (provided.length !== expected.length || !timingSafeEqual(expected, provided)) {
    throw new InvalidSignatureException(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
  return accessKeyId;
}
