// User pool domains: a prefix domain (<prefix>.auth.<region>.amazoncognito.com in Cognito; served by
// this server here) or a custom domain (an FQDN with an ACM certificate). Rules enforced:
// - prefix: lowercase letters, digits and hyphens, 1–63, no leading/trailing hyphen, and none of
//   Cognito's reserved words; custom: dot-separated labels of the same form, ≤ 253 characters;
// - a domain belongs to one pool (globally unique); a pool has at most one prefix and one custom domain.
import { isIP } from 'node:net';
import type { Deps } from '../deps.js';
import type { DomainRecord, Json, PoolRecord } from '../store/store.js';
import { InvalidParameterException } from '../api/errors.js';
import { StoreConflict } from '../store/errors.js';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const RESERVED_WORDS = ['aws', 'amazon', 'cognito'];

export const DOMAIN_TAKEN = 'Domain already associated with another user pool.';
export const NO_SUCH_DOMAIN = 'No such domain or user pool exists.';

export function checkDomainName(domain: string, custom: boolean): void {
  if (!custom) {
    if (!LABEL.test(domain)) {
      throw new InvalidParameterException('The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. Please enter a different name that follows this format: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$');
    }
    // Cognito keeps these words for itself in prefix domains.
    const reserved = RESERVED_WORDS.find((word) => domain.includes(word));
    if (reserved) throw new InvalidParameterException(`Domain cannot contain reserved word: ${reserved}`);
    return;
  }
  const labels = domain.split('.');
  if (domain.length > 253 || labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    throw new InvalidParameterException('The custom domain must be a fully qualified domain name of lower-case letters, numbers, hyphens and periods, such as auth.example.com.');
  }
}

const bare = (host: string): string => host.toLowerCase().replace(/^\[(.*)\]$/, '$1');

/**
 * Whether `hostname` is the server's own origin, where the API and /admin are served and never a
 * pool's domain: its public URL's host, the host it listens on, localhost, or an address.
 */
export function isServerHostName(deps: Deps, hostname: string): boolean {
  const name = bare(hostname);
  return name === 'localhost' || isIP(name) !== 0 || name === bare(servingHost(deps)) || name === bare(deps.config.server.host);
}

// A host whose last label is a number (decimal, or 0x hex) is read by browsers as an IPv4 address.
const NUMERIC_LABEL = /^(?:\d+|0x[0-9a-f]*)$/;

/**
 * A custom domain is served by its own name, in place of anything else on that origin, so it can
 * name neither this server (it would take over /admin there) nor an address.
 */
function checkCustomDomainHost(deps: Deps, domain: string): void {
  if (isIP(domain) !== 0 || NUMERIC_LABEL.test(domain.slice(domain.lastIndexOf('.') + 1))) {
    throw new InvalidParameterException('The custom domain must be a domain name, not an IP address.');
  }
  if (isServerHostName(deps, domain)) {
    throw new InvalidParameterException(`The custom domain ${domain} is this server's own host name, where the API and the admin console are served; choose a name of its own.`);
  }
}

/** DomainDescriptionType.Version: when the domain was last configured, as Cognito's yyyyMMddHHmmss-style string. */
const versionAt = (ms: number): string => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);

/** Where clients should point their DNS: this server's host (CloudFront's role in Cognito). */
export const servingHost = (deps: Deps): string => new URL(deps.baseUrl()).hostname;

export async function createDomain(deps: Deps, pool: PoolRecord, input: { Domain: string; CustomDomainConfig?: Json; ManagedLoginVersion?: number }): Promise<DomainRecord> {
  const custom = input.CustomDomainConfig !== undefined;
  checkDomainName(input.Domain, custom);
  if (custom) checkCustomDomainHost(deps, input.Domain);
  if (await deps.store.domains.find(input.Domain)) throw new InvalidParameterException(DOMAIN_TAKEN);
  const existing = await deps.store.domains.listByPool(pool.id);
  if (existing.some((d) => d.custom === custom)) {
    throw new InvalidParameterException(custom ? 'User pool already has a custom domain configured.' : 'User pool already has a domain configured.');
  }
  const now = deps.clock.now();
  const record: DomainRecord = {
    domain: input.Domain, poolId: pool.id, custom, createdAt: now,
    config: {
      ManagedLoginVersion: input.ManagedLoginVersion ?? 1,
      Version: versionAt(now),
      ...(custom && { CustomDomainConfig: input.CustomDomainConfig }),
    },
  };
  try {
    await deps.store.domains.insert(record);
  } catch (error) {
    // A concurrent create won the race for the name or for the pool's slot.
    if (error instanceof StoreConflict) throw new InvalidParameterException(DOMAIN_TAKEN);
    throw error;
  }
  return record;
}

/** The domain, which must belong to the pool (UpdateUserPoolDomain, DeleteUserPoolDomain). */
export async function requirePoolDomain(deps: Deps, pool: PoolRecord, domain: string): Promise<DomainRecord> {
  const record = await deps.store.domains.find(domain);
  if (!record || record.poolId !== pool.id) throw new InvalidParameterException(NO_SUCH_DOMAIN);
  return record;
}

export async function updateDomain(deps: Deps, record: DomainRecord, input: { CustomDomainConfig?: Json; ManagedLoginVersion?: number }): Promise<DomainRecord> {
  if (input.CustomDomainConfig && !record.custom) {
    throw new InvalidParameterException('CustomDomainConfig can only be updated for a custom domain.');
  }
  // A domain kept from before the server took this name (publicUrl changed) is not renewed.
  if (record.custom) checkCustomDomainHost(deps, record.domain);
  const config = {
    ...record.config,
    ...(input.ManagedLoginVersion !== undefined && { ManagedLoginVersion: input.ManagedLoginVersion }),
    ...(input.CustomDomainConfig && { CustomDomainConfig: input.CustomDomainConfig }),
    Version: versionAt(deps.clock.now()),
  };
  await deps.store.domains.update(record.domain, config);
  return { ...record, config };
}

/** DomainDescriptionType. */
export function describeDomain(deps: Deps, record: DomainRecord): Json {
  return {
    UserPoolId: record.poolId,
    AWSAccountId: deps.config.aws.accountId,
    Domain: record.domain,
    CloudFrontDistribution: servingHost(deps),
    Version: record.config.Version,
    Status: 'ACTIVE',
    ...(record.custom && { CustomDomainConfig: record.config.CustomDomainConfig }),
    ManagedLoginVersion: record.config.ManagedLoginVersion,
  };
}

/** CreateUserPoolDomain / UpdateUserPoolDomain response: CloudFrontDomain only for custom domains, as in Cognito. */
export const domainResult = (deps: Deps, record: DomainRecord): Json => ({
  ...(record.custom && { CloudFrontDomain: servingHost(deps) }),
  ManagedLoginVersion: record.config.ManagedLoginVersion,
});
