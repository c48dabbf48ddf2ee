// The checks every sign-in request starts with: the client allows the flow, the parameters are
// there, and unknown users are answered as the client's PreventUserExistenceErrors asks.
import type { ClientRecord } from '../../store/store.js';
import { InvalidParameterException, NotAuthorizedException, UserNotFoundException, INCORRECT_CREDENTIALS, USER_NOT_FOUND } from '../../cognito/errors.js';
import { allowsFlow } from '../clients.js';

export function requireFlow(client: ClientRecord, flow: string, allowFlag: string): void {
  if (!allowsFlow(client, allowFlag)) throw new InvalidParameterException(`${flow} flow not enabled for this client`);
}

export function requireParameter(parameters: Record<string, string> | undefined, name: string): string {
  const value = parameters?.[name];
  if (!value) throw new InvalidParameterException(`Missing required parameter ${name}`);
  return value;
}

/** PreventUserExistenceErrors=ENABLED: answers must not reveal whether a user exists. */
export const hidesUsers = (client: ClientRecord): boolean => client.config.PreventUserExistenceErrors === 'ENABLED';

/** The error for "no such user", honouring PreventUserExistenceErrors. */
export function unknownUserError(client: ClientRecord): Error {
  return hidesUsers(client) ? new NotAuthorizedException(INCORRECT_CREDENTIALS) : new UserNotFoundException(USER_NOT_FOUND);
}

/**
 * Cognito: a federated user (EXTERNAL_PROVIDER) has no password to sign in with: "User is not
 * authorized to get auth details." A client that hides users gets the wrong-password answer instead.
 */
export function checkNotFederated(client: ClientRecord, user: { status: string } | undefined): void {
  if (user?.status === 'EXTERNAL_PROVIDER' && !hidesUsers(client)) throw new NotAuthorizedException('User is not authorized to get auth details.');
}
