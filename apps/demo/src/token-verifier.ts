// Checks the pool's tokens with aws-jwt-verify, as an app on Amazon Cognito does: the RS256
// signature against the pool's JWKS, `iss`, `exp`, `token_use` and the app client (`aud` of an
// ID token, `client_id` of an access token); then the `nonce` this app sent with the sign-in.
import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import { validateCognitoJwtFields } from 'aws-jwt-verify/cognito-verifier';
import { JwtBaseError, NonRetryableFetchError } from 'aws-jwt-verify/error';
import { SimpleJwksCache, type JwksCache } from 'aws-jwt-verify/jwk';
import type { DemoConfig } from './config.js';
import { SignInError, sameString } from './oidc.js';

export type Claims = Record<string, unknown>;
type TokenUse = 'id' | 'access';

export interface TokenVerifier {
  /** An ID token: with `nonce`, the one this sign-in sent; with `sub`, the same user as before (a refresh). */
  idToken(token: string, expected: { nonce?: string; sub?: unknown }): Promise<Claims>;
  accessToken(token: string): Promise<Claims>;
}

/**
 * aws-jwt-verify's own fetcher speaks https only; an identity server on a laptop (Gatehouse on
 * http://127.0.0.1) serves its keys over http.
 */
const anyHttpFetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new NonRetryableFetchError(uri, `Status code is ${response.status}, expected 200`);
    return response.arrayBuffer();
  },
};

/**
 * Amazon Cognito (no `issuer` configured): CognitoJwtVerifier, which derives the issuer and its
 * JWKS from the pool id. Any other issuer, such as Gatehouse's `<URL>/<poolId>`: JwtVerifier with
 * that issuer and Cognito's own claim checks.
 */
export function createTokenVerifier(config: DemoConfig, options: { jwksCache?: JwksCache } = {}): TokenVerifier {
  const { userPoolId, clientId, issuer, endpoint } = config;
  // With an endpoint, the keys are the endpoint's own, even when tokens carry an AWS-form issuer
  // (Gatehouse's issuerMode aws), which no server on this machine answers for.
  const jwksUri = endpoint ? `${endpoint}/${userPoolId}/.well-known/jwks.json` : `${issuer}/.well-known/jwks.json`;
  const verifierFor = (tokenUse: TokenUse): ((token: string) => Promise<Claims>) => {
    if (!issuer) {
      const verifier = CognitoJwtVerifier.create({ userPoolId, tokenUse, clientId }, options.jwksCache && { jwksCache: options.jwksCache });
      return (token) => verifier.verify(token);
    }
    const verifier = JwtVerifier.create({
      issuer,
      jwksUri,
      audience: null, // an access token has no `aud`: validateCognitoJwtFields checks the client
      customJwtCheck: ({ payload }) => validateCognitoJwtFields(payload, { tokenUse, clientId }),
    }, { jwksCache: options.jwksCache ?? new SimpleJwksCache({ fetcher: anyHttpFetcher }) });
    return (token) => verifier.verify(token);
  };
  const verify = async (tokenUse: TokenUse, verifier: (token: string) => Promise<Claims>, token: string): Promise<Claims> => {
    try {
      return await verifier(token);
    } catch (error) {
      if (error instanceof JwtBaseError) throw new SignInError(`the ${tokenUse === 'id' ? 'ID' : 'access'} token was refused: ${error.message}`);
      throw error;
    }
  };
  const id = verifierFor('id');
  const access = verifierFor('access');

  return {
    async idToken(token, expected) {
      const claims = await verify('id', id, token);
      if (expected.nonce !== undefined && (typeof claims.nonce !== 'string' || !sameString(claims.nonce, expected.nonce))) {
        throw new SignInError('the ID token nonce does not match this sign-in');
      }
      if (expected.sub !== undefined && claims.sub !== expected.sub) throw new SignInError('the refreshed ID token is for another user');
      return claims;
    },
    accessToken: (token) => verify('access', access, token),
  };
}
