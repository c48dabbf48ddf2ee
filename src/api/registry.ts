// Every operation the JSON API serves, by Cognito name. Each group file exports its list.
import type { Operation, OperationContext } from './define.js';
import { validateInput } from './validate.js';
import { userPoolOperations } from './user-pools.js';
import { userPoolClientOperations } from './user-pool-clients.js';
import { signUpOperations } from './sign-up.js';
import { authOperations } from './auth.js';
import { userOperations } from './users.js';
import { groupOperations } from './groups.js';
import { domainOperations } from './domains.js';
import { tagOperations } from './tags.js';
import { resourceServerOperations } from './resource-servers.js';
import { adminUserOperations } from './admin-users.js';
import { listUsersOperations } from './list-users.js';
import { passwordOperations } from './passwords.js';
import { sessionOperations } from './sessions.js';
import { uiCustomizationOperations } from './ui-customization.js';
import { mfaOperations } from './mfa.js';
import { authFactorOperations } from './auth-factors.js';
import { deviceOperations } from './devices.js';
import { identityProviderOperations } from './identity-providers.js';
import { providerLinkOperations } from './provider-links.js';
import { signingCertificateOperations } from './signing-certificate.js';
import { passkeyOperations } from './passkeys.js';
import { clientSecretOperations } from './client-secrets.js';
import { clientTokenOperations } from './client-token.js';
import { replicaOperations } from './replicas.js';
import { termsOperations } from './terms.js';
import { managedLoginBrandingOperations } from './managed-login-branding.js';
import { provisionedLimitOperations } from './provisioned-limits.js';
import { userSessionOperations } from './user-sessions.js';
import { tokenRefreshOperations } from './token-refresh.js';
import { riskOperations } from './risk.js';
import { userImportJobOperations } from './user-import-jobs.js';

const groups: Operation<any>[][] = [
  userPoolOperations,
  userPoolClientOperations,
  signUpOperations,
  authOperations,
  userOperations,
  groupOperations,
  domainOperations,
  tagOperations,
  resourceServerOperations,
  adminUserOperations,
  listUsersOperations,
  passwordOperations,
  sessionOperations,
  uiCustomizationOperations,
  mfaOperations,
  authFactorOperations,
  deviceOperations,
  identityProviderOperations,
  providerLinkOperations,
  signingCertificateOperations,
  passkeyOperations,
  clientSecretOperations,
  clientTokenOperations,
  replicaOperations,
  termsOperations,
  managedLoginBrandingOperations,
  provisionedLimitOperations,
  userSessionOperations,
  tokenRefreshOperations,
  riskOperations,
  userImportJobOperations,
];

export const operations = new Map<string, Operation<any>>();
for (const operation of groups.flat()) {
  if (operations.has(operation.name)) throw new Error(`operation ${operation.name} is defined twice`);
  operations.set(operation.name, operation);
}

/**
 * Runs operation `name` past authentication, as the API does: input validated with Cognito's wording,
 * then the handler. For callers besides the API (the admin console); undefined for an unknown name.
 */
export async function runOperation(
  name: string, input: Record<string, unknown>, context: OperationContext,
): Promise<{ operation: Operation<any>; output: Record<string, any> } | undefined> {
  const operation = operations.get(name);
  if (!operation) return undefined;
  validateInput(operation.input, input);
  return { operation, output: (await operation.handler(input as any, context)) as Record<string, any> };
}
