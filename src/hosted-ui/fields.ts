// Form fields for the pool's attributes: labels, input types and hints people understand.
import type { PoolRecord } from '../store/store.js';
import { schemaOf } from '../domain/pools.js';
import type { FieldSpec } from './views/forms.js';

const LABELS: Record<string, string> = {
  email: 'Email', phone_number: 'Phone number', name: 'Name', given_name: 'Given name', family_name: 'Family name',
  middle_name: 'Middle name', nickname: 'Nickname', preferred_username: 'Preferred username', birthdate: 'Birthdate',
  address: 'Address', gender: 'Gender', locale: 'Locale', zoneinfo: 'Time zone', website: 'Website', picture: 'Picture URL', profile: 'Profile URL',
};

export function attributeField(name: string, value?: string): FieldSpec {
  if (name === 'email') return { name, label: 'Email', type: 'email', autocomplete: 'email', value };
  if (name === 'phone_number') return { name, label: 'Phone number', type: 'tel', autocomplete: 'tel', hint: 'International format with the country code, e.g. +14155550123.', value };
  if (name === 'birthdate') return { name, label: 'Birthdate', type: 'text', hint: 'YYYY-MM-DD', value };
  return { name, label: LABELS[name] ?? name.replace(/^custom:/, ''), type: 'text', value };
}

export function usernameLabel(pool: PoolRecord): string {
  const kinds: string[] = pool.config.UsernameAttributes ?? [];
  if (kinds.length === 0) return 'Username';
  return kinds.map((k) => (k === 'email' ? 'Email' : 'Phone number')).join(' or ');
}

/** Required attributes besides the sign-in name (a pool whose username is the email asks for it once). */
export function requiredAttributes(pool: PoolRecord): string[] {
  const asUsername: string[] = pool.config.UsernameAttributes ?? [];
  return schemaOf(pool)
    .filter((a) => a.Required && a.Name !== 'sub' && !(asUsername.length === 1 && asUsername[0] === a.Name))
    .map((a) => a.Name);
}
