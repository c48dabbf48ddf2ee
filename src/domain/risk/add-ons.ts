// The pool's threat protection switch, UserPoolAddOns.AdvancedSecurityMode: OFF, AUDIT (assess and
// record, never act) or ENFORCED (assess, record and act). Every threat protection operation and
// the sign-in events ask here.
import type { Json, PoolRecord } from '../../store/store.js';
import { FeatureUnavailableInTierException, InvalidParameterException, UserPoolAddOnNotEnabledException } from '../../cognito/errors.js';

export type SecurityMode = 'OFF' | 'AUDIT' | 'ENFORCED';
const MODES = ['OFF', 'AUDIT', 'ENFORCED'];

export const securityModeOf = (pool: PoolRecord): SecurityMode => (pool.config.UserPoolAddOns?.AdvancedSecurityMode as SecurityMode | undefined) ?? 'OFF';

/**
 * CUSTOM_AUTH's own switch. Cognito: threat protection covers custom authentication only as
 * AdvancedSecurityAdditionalFlows.CustomAuthMode says (AUDIT or ENFORCED), and only while the
 * pool's own mode is on.
 */
export function customAuthModeOf(pool: PoolRecord): SecurityMode {
  if (securityModeOf(pool) === 'OFF') return 'OFF';
  const mode = pool.config.UserPoolAddOns?.AdvancedSecurityAdditionalFlows?.CustomAuthMode;
  return mode === 'AUDIT' || mode === 'ENFORCED' ? mode : 'OFF';
}

/** Cognito: the threat protection operations answer this while the pool's mode is OFF. */
export function requireThreatProtection(pool: PoolRecord): void {
  if (securityModeOf(pool) === 'OFF') {
    throw new UserPoolAddOnNotEnabledException('Threat protection (UserPoolAddOns.AdvancedSecurityMode) is not enabled for this user pool.');
  }
}

/**
 * CreateUserPool / UpdateUserPool: the mode is one of Cognito's, and anything but OFF needs the
 * PLUS tier (Cognito: threat protection is a Plus feature; other tiers are refused with
 * FeatureUnavailableInTierException).
 */
export function checkUserPoolAddOns(config: Json): void {
  const mode = config.UserPoolAddOns?.AdvancedSecurityMode;
  if (config.UserPoolAddOns && !MODES.includes(mode)) {
    throw new InvalidParameterException(`1 validation error detected: Value '${mode}' at 'userPoolAddOns.advancedSecurityMode' failed to satisfy constraint: Member must satisfy enum value set: [${MODES.join(', ')}]`);
  }
  if (mode && mode !== 'OFF' && config.UserPoolTier !== 'PLUS') {
    throw new FeatureUnavailableInTierException(`The following features need to be disabled for the ${config.UserPoolTier ?? 'ESSENTIALS'} pricing tier configured: Threat Protection`);
  }
}
