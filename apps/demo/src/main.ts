// `npm start` here (`npm run demo:app` at the root): the demo app alone, configured by the
// environment or apps/demo/.env, against Amazon Cognito or a Gatehouse that is already running.
import { fileURLToPath } from 'node:url';
import { demoConfigFromEnv, DemoConfigError } from './config.js';
import { createDemoApp } from './app.js';

try {
  const config = demoConfigFromEnv(process.env, { dotenv: process.env.DEMO_ENV_FILE ?? fileURLToPath(new URL('../.env', import.meta.url)) });
  const { app } = await createDemoApp(config, { logger: false });
  await app.listen({ host: config.host, port: config.port });
  console.log(`Demo app on ${config.appUrl} (${config.flow} flow) → Hosted UI ${config.hostedUiUrl}`);
  const stop = () => void app.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  console.error(`demo: ${(error as Error).message}`);
  process.exit(error instanceof DemoConfigError ? 2 : 1);
}
