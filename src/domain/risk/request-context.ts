// Who asks: the surfaces attach the client's address and user agent to the request's Deps
// (requestClient); the sign-in events and the risk signals read them here.
import type { Deps } from '../deps.js';
import type { ClientRecord } from '../../store/store.js';
import { derive } from '../../derive.js';

export interface RequestContext {
  ipAddress: string;
  userAgent?: string;
}

const MAX_USER_AGENT = 512;

export const withRequestContext = <D extends Deps>(deps: D, ipAddress: string, userAgent: string | string[] | undefined): D =>
  derive(deps, { requestClient: { ip: ipAddress, ...(typeof userAgent === 'string' && userAgent !== '' && { userAgent }) } } as Partial<D>);

/**
 * AdminInitiateAuth and AdminRespondToAuthChallenge: a server signing users in passes their address
 * and headers in ContextData (Cognito: the risk assessment uses them instead of the caller's).
 */
export function withContextData<D extends Deps>(deps: D, contextData: { IpAddress?: unknown; HttpHeaders?: unknown } | undefined): D {
  if (!contextData || typeof contextData.IpAddress !== 'string') return deps;
  const headers = Array.isArray(contextData.HttpHeaders) ? contextData.HttpHeaders as Array<{ headerName?: unknown; headerValue?: unknown }> : [];
  const userAgent = headers.find((h) => typeof h?.headerName === 'string' && h.headerName.toLowerCase() === 'user-agent')?.headerValue;
  return withRequestContext(deps, contextData.IpAddress, typeof userAgent === 'string' ? userAgent : deps.requestClient?.userAgent);
}

/**
 * InitiateAuth and RespondToAuthChallenge: UserContextData's IpAddress stands for the user's address
 * only for a client with EnablePropagateAdditionalUserContextData (Cognito ignores it otherwise, so
 * that no public caller can claim an address).
 */
export function withUserContextData<D extends Deps>(deps: D, client: ClientRecord, userContextData: { IpAddress?: unknown } | undefined): D {
  if (client.config.EnablePropagateAdditionalUserContextData !== true) return deps;
  return withContextData(deps, userContextData);
}

/** Outside a request (the CLI, declarations) the caller is this machine. */
export function requestContextOf(deps: Deps): RequestContext {
  const client = deps.requestClient;
  if (!client) return { ipAddress: '127.0.0.1' };
  const userAgent = typeof client.userAgent === 'string' && client.userAgent !== '' ? client.userAgent.slice(0, MAX_USER_AGENT) : undefined;
  return { ipAddress: client.ip, ...(userAgent && { userAgent }) };
}
