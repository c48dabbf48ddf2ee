// The rules a pool's LambdaConfig must meet beyond its shape (member names, ARN syntax and the
// LambdaVersion enums are the shape's, in cognito/user-pool-shapes.ts). Applied by CreateUserPool,
// UpdateUserPool, the pools file and the admin console alike, through domain/pools.ts.
import { InvalidParameterException } from '../../cognito/errors.js';
import type { Json } from '../../store/store.js';

/** Every cross-member rule of LambdaConfig; add a rule here so that every surface applies it. */
export function checkLambdaConfig(config: Json): void {
  requireKeyForCustomSenders(config);
}

/**
 * Cognito: the custom senders receive codes and temporary passwords encrypted under KMSKeyID, so a
 * custom sender without a key is refused.
 */
function requireKeyForCustomSenders(config: Json): void {
  if ((config.CustomSMSSender || config.CustomEmailSender) && !config.KMSKeyID) {
    throw new InvalidParameterException('KMSKeyID is required when CustomSMSSender or CustomEmailSender is set.');
  }
}
