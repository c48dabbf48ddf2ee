// Cognito's password policy, checked in Cognito's order with Cognito's messages.
import { InvalidPasswordException } from '../cognito/errors.js';

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
}

// Cognito's symbol class; a space counts too when it is neither leading nor trailing.
const SYMBOL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

function passwordPolicyViolation(policy: PasswordPolicy, password: string): string | undefined {
  if (password.length > 256 || /^\s|\s$/.test(password)) return 'Password does not conform to the character set';
  if ([...password].length < policy.MinimumLength) return 'Password not long enough';
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) return 'Password must have uppercase characters';
  if (policy.RequireLowercase && !/[a-z]/.test(password)) return 'Password must have lowercase characters';
  if (policy.RequireNumbers && !/[0-9]/.test(password)) return 'Password must have numeric characters';
  if (policy.RequireSymbols && !SYMBOL.test(password)) return 'Password must have symbol characters';
  return undefined;
}

export function checkPasswordPolicy(policy: PasswordPolicy, password: string): void {
  const violation = passwordPolicyViolation(policy, password);
  if (violation) throw new InvalidPasswordException(`Password did not conform with policy: ${violation}`);
}
