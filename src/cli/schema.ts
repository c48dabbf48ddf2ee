
export const schemaHelp = `Usage: gatehouse schema

Prints the JSON Schema of the configuration file (server options and declared pools).`;

export async function schema(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(schemaHelp);
    return;
  }
  const { configFileJsonSchema } = await import('../declare/json-schema.js');
  process.stdout.write(`${JSON.stringify(configFileJsonSchema(), null, 2)}\n`);
}
