import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One test file per available core (the affinity mask counts: `taskset -c 0` means one); each file
// runs its own server, so more workers than cores only share the same cores. GATEHOUSE_TEST_WORKERS
// sets the number by hand.
function testWorkers(): number {
  const setting = process.env.GATEHOUSE_TEST_WORKERS;
  if (setting === undefined || setting === '') return availableParallelism();
  const workers = Number(setting);
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`GATEHOUSE_TEST_WORKERS must be a whole number of at least 1, not ${JSON.stringify(setting)}`);
  return workers;
}

// The AWS SDK warns on Node 20 (past its end of life) that its next versions need Node 22, once per
// test file. Node 20 is not supported (package.json's engines): say it once here, not once per file.
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 22) console.warn(`Node ${process.version} is past its end of life; Gatehouse supports Node 22 and later (the AWS SDK's warning about it is silenced in the tests).`);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'apps/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: testWorkers(),
    // `gatehouse/testing` loads the compiled bundle (dist/): Node loads it, not Vite's transform.
    server: { deps: { external: [/\/dist\/(cli|checkout)\//] } },
    env: nodeMajor < 22 ? { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } : {},
  },
});
