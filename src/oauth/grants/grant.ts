// What a grant module exports (node-oidc-provider's grants): its grant_type, the form parameters
// it reads, and a handler answering the token response. token.ts registers them in a loop.
import type { Deps } from '../../domain/deps.js';
import type { ClientRecord, PoolRecord } from '../../store/store.js';
import type { QuotaCategory } from '../../cognito/quota-categories.js';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  id_token?: string;
  refresh_token?: string;
}

export interface Grant {
  grantType: string;
  /** Form parameters the grant requires (checked before the handler runs). */
  required: readonly string[];
  /** The request-rate category a request with this grant counts against, if any. */
  quotaCategory?: QuotaCategory;
  handler(deps: Deps, pool: PoolRecord, client: ClientRecord, form: Record<string, string>): Promise<TokenResponse>;
}
