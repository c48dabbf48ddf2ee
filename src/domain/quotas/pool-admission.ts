// The request-rate quotas outside the JSON API, against the same per-pool budgets
// (api/quota-admission.ts): the token endpoint counts the category its grant names, a Hosted UI
// password sign-in UserAuthentication, and a provider's answer at /oauth2/idpresponse or
// /saml2/idpresponse UserFederation. Each counts before anything is written or spent, so a
// throttled request may simply be sent again.
import type { Deps } from '../deps.js';
import { TooManyRequestsException } from '../../cognito/errors.js';
import { tooManyRequests, type OAuthErrorOptions } from '../../cognito/oauth-errors.js';
import type { QuotaCategory } from '../../cognito/quota-categories.js';

/** Takes one request from the pool's budget for `category`, when quotas are on; TooManyRequestsException beyond. */
export function admitToPoolQuota(deps: Deps, poolId: string, category: QuotaCategory): void {
  if (deps.quotas.enabled) deps.quotas.admit(poolId, category);
}

/**
 * Counts a sign-in through an external provider (UserFederation). Beyond the rate the app hears it
 * at its verified redirect URI, as it hears a provider's refusal.
 */
export function admitFederatedSignIn(deps: Deps, poolId: string, redirect: NonNullable<OAuthErrorOptions['redirect']>): void {
  try {
    admitToPoolQuota(deps, poolId, 'UserFederation');
  } catch (error) {
    if (error instanceof TooManyRequestsException) throw Object.assign(tooManyRequests({ redirect }), { cause: error });
    throw error;
  }
}
