// The `identities` user attribute: the provider identities that sign a user in, as Cognito shows
// them (AdminGetUser, ListUsers, trigger events) — a JSON string of an array of entries whose
// `primary` and `dateCreated` are strings, as in the tokens Cognito issues.
import type { Attributes } from '../attributes.js';

export interface IdentityEntry {
  userId: string;
  providerName: string;
  providerType: string;
  issuer: string | null;
  primary: string;
  dateCreated: string;
}

/** The user's entries; an absent or unreadable attribute is none. */
export function identitiesOf(attributes: Attributes): IdentityEntry[] {
  const text = attributes.identities;
  if (!text) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as IdentityEntry[]) : [];
  } catch {
    // Written only by Gatehouse; an unreadable value (a hand-edited export) counts as no entries.
    return [];
  }
}

const isEntry = (entry: IdentityEntry, providerName: string, userId: string) =>
  entry.providerName === providerName && entry.userId === userId;

/** The attributes with `entries` as the `identities` attribute (absent when there is none, as for a native user). */
export function withIdentities(attributes: Attributes, entries: IdentityEntry[]): Attributes {
  const next = { ...attributes };
  if (entries.length > 0) next.identities = JSON.stringify(entries);
  else delete next.identities;
  return next;
}

/** Adds or replaces the entry for that provider identity. */
export function withIdentity(attributes: Attributes, entry: IdentityEntry): Attributes {
  const others = identitiesOf(attributes).filter((e) => !isEntry(e, entry.providerName, entry.userId));
  return withIdentities(attributes, [...others, entry]);
}

/** Drops the entry for that provider identity, if any. */
export function withoutIdentity(attributes: Attributes, providerName: string, userId: string): Attributes {
  return withIdentities(attributes, identitiesOf(attributes).filter((e) => !isEntry(e, providerName, userId)));
}
