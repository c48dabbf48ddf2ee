// The one Store implementation, on Kysely, for both SQLite and PostgreSQL: one file per repository
// beside this one, all running their queries through the engine (engine.ts).
import { sql } from 'kysely';
import type { Store } from '../store.js';
import { QueryEngine } from './engine.js';
import { poolsRepository } from './pools.js';
import { keysRepository } from './keys.js';
import { clientsRepository } from './clients.js';
import { domainsRepository } from './domains.js';
import { resourceServersRepository } from './resource-servers.js';
import { identityProvidersRepository, spCertificatesRepository, userIdentitiesRepository } from './identity-providers.js';
import { webAuthnCredentialsRepository } from './webauthn-credentials.js';
import { usersRepository } from './users.js';
import { groupsRepository } from './groups.js';
import { authSessionsRepository } from './auth-sessions.js';
import { refreshTokensRepository } from './refresh-tokens.js';
import { codesRepository } from './codes.js';
import { consumedRepository } from './consumed.js';
import { authorizationCodesRepository } from './authorization-codes.js';
import { devicesRepository } from './devices.js';
import { hostedSessionsRepository } from './hosted-sessions.js';
import { uiCustomizationsRepository } from './ui-customizations.js';
import { outboxRepository } from './outbox.js';
import { adminSessionsRepository } from './admin-sessions.js';
import { auditRepository } from './audit.js';
import { termsRepository } from './terms.js';
import { managedLoginBrandingsRepository } from './managed-login-brandings.js';
import { migrationSourcesRepository } from './migration-sources.js';
import { provisionedLimitsRepository, quotaProcessesRepository } from './quotas.js';
import { sessionConfigurationsRepository } from './session-configurations.js';
import { authEventsRepository, logDeliveryConfigurationsRepository, riskConfigurationsRepository } from './auth-events.js';
import { userImportJobsRepository } from './user-import-jobs.js';

export class KyselyStore extends QueryEngine implements Store {
  pools = poolsRepository(this);
  keys = keysRepository(this);
  clients = clientsRepository(this);
  domains = domainsRepository(this);
  resourceServers = resourceServersRepository(this);
  identityProviders = identityProvidersRepository(this);
  userIdentities = userIdentitiesRepository(this);
  spCertificates = spCertificatesRepository(this);
  webAuthnCredentials = webAuthnCredentialsRepository(this);
  users = usersRepository(this);
  groups = groupsRepository(this);
  authSessions = authSessionsRepository(this);
  refreshTokens = refreshTokensRepository(this);
  codes = codesRepository(this);
  consumed = consumedRepository(this);
  authorizationCodes = authorizationCodesRepository(this);
  devices = devicesRepository(this);
  hostedSessions = hostedSessionsRepository(this);
  uiCustomizations = uiCustomizationsRepository(this);
  outbox = outboxRepository(this);
  adminSessions = adminSessionsRepository(this);
  audit = auditRepository(this);
  terms = termsRepository(this);
  managedLoginBrandings = managedLoginBrandingsRepository(this);
  migrationSources = migrationSourcesRepository(this);
  provisionedLimits = provisionedLimitsRepository(this);
  quotaProcesses = quotaProcessesRepository(this);
  poolStats?: () => { total: number; idle: number; waiting: number } | undefined;
  sessionConfigurations = sessionConfigurationsRepository(this);
  authEvents = authEventsRepository(this);
  riskConfigurations = riskConfigurationsRepository(this);
  logDeliveryConfigurations = logDeliveryConfigurationsRepository(this);
  userImportJobs = userImportJobsRepository(this);

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    // Already inside a transaction: Kysely does not nest, so run on the same one.
    if (this.db.isTransaction) return fn(this);
    const direct = this.direct;
    if (!direct) return this.db.transaction().execute((trx) => fn(new KyselyStore(trx, this.dialect)));
    direct.openTransactions++;
    try {
      // The transaction's writes clear the shared record caches too.
      return await this.db.transaction().execute((trx) => fn(new KyselyStore(trx, this.dialect, undefined, this.caches)));
    } finally {
      direct.openTransactions--;
    }
  }

  requestArrived(): void {
    this.caches?.dataVersion.forget();
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
