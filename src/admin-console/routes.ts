// Every console route, by page module. A new page: write src/admin-console/pages/<name>.ts
// exporting `<name>Routes = defineRoutes([...])`, add it here, and give it a nav entry (nav.ts).
import type { ConsoleRoute } from './route.js';
import { authRoutes } from './pages/auth.js';
import { auditRoutes } from './pages/audit.js';
import { poolRoutes } from './pages/pools.js';
import { clientRoutes } from './pages/clients.js';
import { domainRoutes } from './pages/domain.js';
import { userListRoutes } from './pages/users.js';
import { userRoutes } from './pages/user.js';
import { groupRoutes } from './pages/groups.js';
import { resourceServerRoutes } from './pages/resource-servers.js';
import { outboxRoutes } from './pages/outbox.js';
import { keyRoutes } from './pages/keys.js';
import { triggerRoutes } from './pages/triggers.js';
import { identityProviderRoutes } from './pages/identity-providers.js';
import { brandingRoutes } from './pages/branding.js';
import { userPasskeyRoutes } from './pages/user-passkeys.js';
import { importJobRoutes } from './pages/import-jobs.js';
import { clientTermsRoutes } from './pages/client-terms.js';

export const CONSOLE_ROUTES: ConsoleRoute[] = [
  ...authRoutes,
  ...poolRoutes,
  ...clientRoutes,
  ...domainRoutes,
  ...userListRoutes,
  ...userRoutes,
  ...groupRoutes,
  ...resourceServerRoutes,
  ...identityProviderRoutes,
  ...outboxRoutes,
  ...keyRoutes,
  ...triggerRoutes,
  ...auditRoutes,
  ...brandingRoutes,
  ...userPasskeyRoutes,
  ...importJobRoutes,
  ...clientTermsRoutes,
];
