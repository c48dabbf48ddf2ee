// Terms documents (CreateTerms and the rest): an app client's links to its terms of use and
// privacy policy, by managed login language.
// - TermsName is terms-of-use or privacy-policy, once each per client (TermsExistsException);
// - TermsSource LINK and Enforcement NONE are the only values Cognito accepts: nothing is
//   recorded about users, managed login only shows the links;
// - Links: at most 12, keyed cognito:default or one of managed login's languages, each an
//   http(s) URL of at most 1024 characters;
// - managed login shows them on the sign-up page once both documents exist.
import type { Deps } from './deps.js';
import type { PoolRecord, Store, TermsRecord } from '../store/store.js';
import { InvalidParameterException, ResourceNotFoundException, TermsExistsException } from '../cognito/errors.js';
import { StoreConflict } from '../store/errors.js';
import { requireClient } from './clients.js';
import { newUuid } from '../crypto/random.js';

export const TERMS_NAMES = ['terms-of-use', 'privacy-policy'] as const;

/** Cognito: the languages of managed login a link may be given for. */
export const TERMS_LANGUAGES = [
  'cognito:default', 'cognito:english', 'cognito:french', 'cognito:spanish', 'cognito:german', 'cognito:bahasa-indonesia',
  'cognito:italian', 'cognito:japanese', 'cognito:korean', 'cognito:portuguese-brazil', 'cognito:chinese-simplified',
  'cognito:chinese-traditional',
] as const;

const MAX_LINKS = 12;

export interface TermsInput {
  TermsName?: string;
  TermsSource?: string;
  Enforcement?: string;
  Links?: Record<string, string>;
}

function checkLinks(links: Record<string, string>): void {
  const entries = Object.entries(links);
  if (entries.length > MAX_LINKS) throw new InvalidParameterException(`Links can have at most ${MAX_LINKS} entries.`);
  for (const [language, url] of entries) {
    if (!(TERMS_LANGUAGES as readonly string[]).includes(language)) {
      throw new InvalidParameterException(`${language} is not a supported language for terms links.`);
    }
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    // Only http(s): the link is put in an href on the sign-up page.
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || url.length > 1024) {
      throw new InvalidParameterException(`The link for ${language} must be an http or https URL of at most 1024 characters.`);
    }
  }
}

export async function requireTerms(store: Store, poolId: string, termsId: string): Promise<TermsRecord> {
  const terms = await store.terms.find(poolId, termsId);
  if (!terms) throw new ResourceNotFoundException(`Terms ${termsId} do not exist.`);
  return terms;
}

const exists = (name: string) => new TermsExistsException(`Terms with name ${name} already exist for this app client.`);

export async function createTerms(deps: Deps, pool: PoolRecord, clientId: string, input: Required<Omit<TermsInput, 'Links'>> & TermsInput): Promise<TermsRecord> {
  await requireClient(deps.store, clientId, pool.id);
  const links = input.Links ?? {};
  checkLinks(links);
  const now = deps.clock.now();
  const terms: TermsRecord = {
    id: newUuid(), poolId: pool.id, clientId, name: input.TermsName, source: input.TermsSource, enforcement: input.Enforcement,
    links, createdAt: now, updatedAt: now,
  };
  try {
    await deps.store.terms.insert(terms);
  } catch (error) {
    if (error instanceof StoreConflict) throw exists(input.TermsName);
    throw error;
  }
  return terms;
}

/** UpdateTerms: members given replace the current ones; Links, when given, replaces the whole map. */
export async function updateTerms(deps: Deps, current: TermsRecord, input: TermsInput): Promise<TermsRecord> {
  if (input.Links) checkLinks(input.Links);
  const terms: TermsRecord = {
    ...current,
    name: input.TermsName ?? current.name,
    source: input.TermsSource ?? current.source,
    enforcement: input.Enforcement ?? current.enforcement,
    links: input.Links ?? current.links,
    updatedAt: deps.clock.now(),
  };
  try {
    await deps.store.terms.update(terms);
  } catch (error) {
    if (error instanceof StoreConflict) throw exists(terms.name);
    throw error;
  }
  return terms;
}

/** Managed login's language names for a browser's Accept-Language (first match wins). */
const LANGUAGE_OF_TAG: Array<[RegExp, string]> = [
  [/^en\b/i, 'cognito:english'], [/^fr\b/i, 'cognito:french'], [/^es\b/i, 'cognito:spanish'], [/^de\b/i, 'cognito:german'],
  [/^id\b/i, 'cognito:bahasa-indonesia'], [/^it\b/i, 'cognito:italian'], [/^ja\b/i, 'cognito:japanese'], [/^ko\b/i, 'cognito:korean'],
  [/^pt\b/i, 'cognito:portuguese-brazil'], [/^zh-(tw|hk|mo|hant)\b/i, 'cognito:chinese-traditional'], [/^zh\b/i, 'cognito:chinese-simplified'],
];

function linkFor(terms: TermsRecord, languageTags: string[]): string | undefined {
  for (const tag of languageTags) {
    const language = LANGUAGE_OF_TAG.find(([pattern]) => pattern.test(tag))?.[1];
    if (language && terms.links[language]) return terms.links[language];
  }
  return terms.links['cognito:default'];
}

export interface TermsLinks {
  termsOfUse: string;
  privacyPolicy: string;
}

/**
 * The links managed login shows on a client's sign-up page, for the browser's languages (then
 * cognito:default); undefined unless both documents have a link to show.
 */
export async function termsLinksForClient(store: Store, poolId: string, clientId: string, languageTags: string[]): Promise<TermsLinks | undefined> {
  const all = await store.terms.listByClient(poolId, clientId);
  const termsOfUse = all.find((t) => t.name === 'terms-of-use');
  const privacyPolicy = all.find((t) => t.name === 'privacy-policy');
  const termsUrl = termsOfUse && linkFor(termsOfUse, languageTags);
  const privacyUrl = privacyPolicy && linkFor(privacyPolicy, languageTags);
  return termsUrl && privacyUrl ? { termsOfUse: termsUrl, privacyPolicy: privacyUrl } : undefined;
}
