// The published JSON Schema of gatehouse.yaml: server options and declared pools in one document.
import { ConfigSchema } from '../config/schema.js';
import { DeclarationFile } from './file-schema.js';

export function configFileJsonSchema(): object {
  // JSON round trip drops TypeBox's symbol-keyed metadata, leaving plain JSON Schema.
  const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value));
  const options = plain(ConfigSchema.properties) as Record<string, { required?: string[] }>;
  // Every server option has a default, so none is required in a file.
  for (const section of Object.values(options)) delete section.required;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Gatehouse configuration file',
    description: 'Server options (lowest precedence: environment variables and flags override them) and user pools applied idempotently at start and by `gatehouse apply`.',
    type: 'object',
    properties: { ...options, ...plain(DeclarationFile.properties) },
    additionalProperties: false,
  };
}
