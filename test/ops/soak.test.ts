// The soak's short run (bench/soak.mjs): three `gatehouse serve` processes on one PostgreSQL under a
// mixed load, two of them killed with SIGKILL in turn and PostgreSQL stopped as in a crash and
// started again. The script checks the run itself and exits 1 on any violation; this test runs it
// and reads its summary. Its PostgreSQL is a private cluster made with the installed binaries
// (restarting the shared one would break the other test files that run beside it), so it runs with
// the PostgreSQL suite, where those binaries are installed.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testDatabaseUrl } from '../helpers/postgres.js';

const SOAK = fileURLToPath(new URL('../../bench/soak.mjs', import.meta.url));
const postgresInstalled = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(join('/usr/lib/postgresql', v, 'bin', 'initdb')));

interface SoakSummary {
  requests: number;
  kinds: { kind: string; outcomes: Record<string, number> }[];
  kills: { process: number }[];
  databaseRestart: { downMs: number } | null;
  acknowledgedUsers: number;
  usersChecked: number;
  signOutChecks: number;
  violations: string[];
}

describe.skipIf(!testDatabaseUrl || !postgresInstalled)('soak on PostgreSQL (short run)', () => {
  it('75 s of mixed load on three processes, two SIGKILLs and a PostgreSQL crash-restart: every acknowledged write read back, no 5xx outside the restart, no hang, sign-out refused at once by the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-soak-test-'));
    const json = join(dir, 'summary.json');
    try {
      const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
        execFile(process.execPath, [SOAK, '--duration', '75', '--kill-every', '30', '--workers', '4', '--json', json], {
          timeout: 280_000, maxBuffer: 16 * 1024 * 1024,
        }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, output: stdout + stderr }));
      });
      expect(code, output.slice(-6000)).toBe(0);
      const summary = JSON.parse(readFileSync(json, 'utf8')) as SoakSummary;
      expect(summary.violations).toEqual([]);
      expect(summary.kills.map((k) => k.process)).toEqual([0, 1]);
      expect(summary.databaseRestart).not.toBeNull();
      expect(summary.acknowledgedUsers).toBeGreaterThan(50);
      expect(summary.usersChecked).toBe(summary.acknowledgedUsers);
      expect(summary.signOutChecks).toBeGreaterThan(20);
      // Every kind of request of the load was answered with a 200 at least once; a signed-out
      // token never was.
      const answered = (kind: string, outcome: string) => summary.kinds.find((k) => k.kind === kind)?.outcomes[outcome] ?? 0;
      for (const kind of ['SignUp', 'AdminConfirmSignUp', 'InitiateAuth password', 'InitiateAuth refresh', 'GetUser', 'AdminUpdateUserAttributes', 'AdminCreateUser', 'GlobalSignOut']) {
        expect(answered(kind, '200'), kind).toBeGreaterThan(0);
      }
      expect(answered('GetUser after sign-out', '400 NotAuthorizedException')).toBeGreaterThan(20);
      expect(answered('GetUser after sign-out', '200')).toBe(0);
      expect(answered('refresh after sign-out', '200')).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
