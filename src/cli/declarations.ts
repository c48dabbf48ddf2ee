import { readStructuredFile } from '../config/load.js';
import { parseDeclarations } from '../declare/apply.js';
import type { AppliedPool } from '../declare/apply.js';
import type { DeclarationFile } from '../declare/file-schema.js';

export const readDeclarations = (path: string): DeclarationFile => parseDeclarations(readStructuredFile(path));

export function printApplied(applied: AppliedPool[], baseUrl?: string): void {
  for (const pool of applied) {
    console.log(`pool ${pool.name}: ${pool.id}${pool.domain ? ` (domain ${pool.domain})` : ''}`);
    for (const client of pool.clients) console.log(`  client ${client.name}: ${client.id}${client.secret ? ' (with secret)' : ''}`);
    if (pool.users.length > 0) console.log(`  users: ${pool.users.join(', ')}`);
    if (baseUrl) console.log(`  issuer: ${baseUrl}/${pool.id}`);
  }
}
