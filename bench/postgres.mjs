// A private PostgreSQL cluster for benchmarks and the soak test: the installed PostgreSQL's binaries,
// initdb into a temporary folder, listening on 127.0.0.1 and a free port, removed at the end (as
// root it runs as the `postgres` user). Restarting the machine's shared cluster would break
// whatever else uses it. Also: a free loopback port, and the CPU time a cluster has used (/proc).
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const TICKS_PER_SECOND = 100; // getconf CLK_TCK on Linux

export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The folder of PostgreSQL's programs: `override`, else the newest version under /usr/lib/postgresql. */
export function postgresBin(override) {
  if (override) return override;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(a) - Number(b)) : [];
  if (versions.length === 0) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql (install postgresql, or pass --pg-bin)');
  return join(root, versions.at(-1), 'bin');
}

const asRoot = process.getuid?.() === 0;
/**
 * Runs a PostgreSQL program; as root through runuser (PostgreSQL refuses to run as root); under
 * `taskset -c cpu` when cpu is given (the server it starts inherits the pinning, and so do the
 * backends it forks). Asynchronous: a load can go on while PostgreSQL stops and starts.
 */
async function pgRun(bin, program, args, cpu) {
  let argv = asRoot ? ['runuser', '-u', 'postgres', '--', join(bin, program), ...args] : [join(bin, program), ...args];
  if (cpu !== undefined) argv = ['taskset', '-c', String(cpu), ...argv];
  const { stdout } = await execFileAsync(argv[0], argv.slice(1), { timeout: 120_000 });
  return stdout;
}

/**
 * initdb + start. Returns { bin, dir, data, port, url, start(), stop(mode), remove(), postmasterPid() }.
 * `cpu`: pin the server to that core (undefined: not pinned).
 */
export async function startPostgres({ pgBin, prefix = 'gatehouse-pg-', cpu, maxConnections = 100 } = {}) {
  const bin = postgresBin(pgBin);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (asRoot) {
    // The `postgres` user of the Debian package owns the cluster's folder.
    const id = (flag) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  const port = await freePort();
  await pgRun(bin, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=${maxConnections}`;
  const pg = {
    bin, dir, data, port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => pgRun(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', '-t', '60', 'start'], cpu),
    stop: (mode) => pgRun(bin, 'pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']),
    /** Stops it (fast) if it runs, and deletes its folder. */
    remove: async () => {
      try {
        await pg.stop('fast');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    /** The postmaster's pid: the first line of postmaster.pid. */
    postmasterPid: () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
  };
  await pg.start();
  return pg;
}

/** utime + stime (and, with children, cutime + cstime: its reaped children's) of a process, in ms. */
function cpuMsOf(pid, withReapedChildren) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]) + (withReapedChildren ? Number(fields[13]) + Number(fields[14]) : 0);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/**
 * The CPU time (ms) the whole cluster has used: the postmaster, its live children (backends, WAL
 * writer, checkpointer, …) and the children it has reaped (a backend that ended). Read from /proc.
 */
export function postgresCpuMs(postmasterPid) {
  let total = cpuMsOf(postmasterPid, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmasterPid) total += cpuMsOf(Number(entry), true);
    } catch {
      // ended between the listing and the read: its time is in the postmaster's reaped children now
    }
  }
  return total;
}
