// The console's navigation: the top bar (whole server) and the left bar of a user pool's pages.
// A page adds itself here. Entries marked `placeholder` are not built yet: they render greyed out,
// without a link, labelled "soon".

export interface NavEntry {
  /** Matches the `section` a page renders with, to highlight the current entry. */
  section: string;
  label: string;
  placeholder?: boolean;
}

export interface PoolNavEntry extends NavEntry {
  /** The path under /admin/pools/<poolId> ('' for the pool's overview). */
  path: string;
}

export const TOP_NAV: Array<NavEntry & { href: string }> = [
  { section: 'pools', label: 'User pools', href: '/admin/pools' },
  { section: 'audit', label: 'Audit log', href: '/admin/audit' },
];

export const POOL_NAV: PoolNavEntry[] = [
  { section: 'pool', label: 'Overview', path: '' },
  { section: 'clients', label: 'App clients', path: '/clients' },
  { section: 'domain', label: 'Domain', path: '/domain' },
  { section: 'users', label: 'Users', path: '/users' },
  { section: 'groups', label: 'Groups', path: '/groups' },
  { section: 'resource-servers', label: 'Resource servers', path: '/resource-servers' },
  { section: 'identity-providers', label: 'Identity providers', path: '/identity-providers' },
  { section: 'triggers', label: 'Triggers', path: '/triggers' },
  { section: 'outbox', label: 'Outbox', path: '/outbox' },
  { section: 'keys', label: 'Signing keys', path: '/keys' },
  { section: 'import-jobs', label: 'Import jobs', path: '/import-jobs' },
];

export const poolPath = (poolId: string, path = ''): string => `/admin/pools/${encodeURIComponent(poolId)}${path}`;

/**
 * The page of one named thing of a pool (a user, a group, a resource server): its name goes in the
 * query string, never in the path. `.` and `..` are valid names, and browsers resolve them as dot
 * segments even percent-encoded (`/users/..` would open the pool's own page).
 */
export const namedPath = (poolId: string, page: string, name: string, rest = ''): string =>
  `${poolPath(poolId, `/${page}${rest}`)}?${new URLSearchParams({ name })}`;
