// GetProvisionedLimit / UpdateProvisionedLimit: the request rate of one category, account-wide
// (Attributes {Category}) as on Cognito, or for one pool (Attributes {Category, UserPoolId}, a
// Gatehouse extension: its quotas apply per pool). A pool without its own rate uses the
// account-wide one, else the configured free rate.
import type { Deps } from '../deps.js';
import { InvalidParameterException, ServiceQuotaExceededException } from '../../cognito/errors.js';
import { isQuotaCategory, QUOTA_CATEGORIES, type QuotaCategory } from '../../cognito/quota-categories.js';
import { requirePool } from '../pools.js';
import { ACCOUNT_SCOPE } from './limiter.js';

export interface LimitDefinition {
  LimitClass: string;
  Attributes: Record<string, string>;
}

export interface Limit {
  LimitDefinition: LimitDefinition;
  ProvisionedLimitValue: number;
  FreeLimitValue: number;
}

const ATTRIBUTES = new Set(['Category', 'UserPoolId']);

async function resolve(deps: Deps, definition: LimitDefinition): Promise<{ scope: string; category: QuotaCategory }> {
  if (definition.LimitClass !== 'API_CATEGORY') {
    throw new InvalidParameterException(`1 validation error detected: Value '${definition.LimitClass}' at 'limitDefinition.limitClass' failed to satisfy constraint: Member must satisfy enum value set: [API_CATEGORY]`);
  }
  const unknown = Object.keys(definition.Attributes).find((name) => !ATTRIBUTES.has(name));
  if (unknown !== undefined) throw new InvalidParameterException(`Unknown limit attribute ${unknown}: the attributes are Category and, for one user pool, UserPoolId.`);
  const category = definition.Attributes.Category;
  if (category === undefined || !isQuotaCategory(category)) {
    throw new InvalidParameterException(`Category must be one of ${QUOTA_CATEGORIES.join(', ')}.`);
  }
  const poolId = definition.Attributes.UserPoolId;
  if (poolId === undefined) return { scope: ACCOUNT_SCOPE, category };
  return { scope: (await requirePool(deps.store, poolId)).id, category };
}

const describe = (deps: Deps, definition: LimitDefinition, scope: string, category: QuotaCategory): Limit => ({
  LimitDefinition: { LimitClass: definition.LimitClass, Attributes: definition.Attributes },
  ProvisionedLimitValue: deps.quotas.rate(scope, category),
  FreeLimitValue: deps.quotas.freeRate(category),
});

export async function getProvisionedLimit(deps: Deps, definition: LimitDefinition): Promise<Limit> {
  const { scope, category } = await resolve(deps, definition);
  // Another process may have changed it since this one last looked.
  if (deps.quotas.enabled) await deps.quotas.sync();
  else await readStoredRates(deps);
  return describe(deps, definition, scope, category);
}

export async function updateProvisionedLimit(deps: Deps, definition: LimitDefinition, requested: number): Promise<Limit> {
  const { scope, category } = await resolve(deps, definition);
  const free = deps.quotas.freeRate(category);
  // Cognito: "The value must be between the default limit and your account-level maximum limit".
  if (requested < free) throw new InvalidParameterException(`RequestedLimitValue must be at least the default limit of ${category}, ${free}.`);
  if (requested > deps.config.quotas.maxRate) {
    throw new ServiceQuotaExceededException(`RequestedLimitValue exceeds the maximum of ${deps.config.quotas.maxRate} (quotas.maxRate).`);
  }
  await deps.store.provisionedLimits.put({ scope, category, value: requested, updatedAt: deps.clock.now() });
  deps.quotas.provisioned(scope, category, requested);
  return describe(deps, definition, scope, category);
}

/** With quotas off the limiter does not sync; the stored rates are still what Get reports. */
async function readStoredRates(deps: Deps): Promise<void> {
  for (const record of await deps.store.provisionedLimits.list()) {
    if (isQuotaCategory(record.category)) deps.quotas.provisioned(record.scope, record.category, record.value);
  }
}
