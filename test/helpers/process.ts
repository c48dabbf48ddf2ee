// Runs `gatehouse serve` (or another Node program, such as the demo) as a real child process, for
// what only a process shows: the printed admin key, signals, several processes on one database.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/gatehouse.js', import.meta.url));

export interface NodeProcess {
  child: ChildProcess;
  /** The match of the line that said the program is ready. */
  ready: RegExpExecArray;
  output(): string;
  /** Sends the signal and resolves with the exit code (-1 when it had to be killed after 10 s). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `node <args>` and resolves once its output matches `ready`; fails if it exits or is silent
 * for 60 s. `onSpawn` runs as soon as the process exists, for what must happen before it is ready.
 */
export async function startNodeProcess(
  name: string,
  args: string[],
  env: Record<string, string | undefined>,
  ready: RegExp,
  onSpawn?: (exited: Promise<number | null>) => void,
): Promise<NodeProcess> {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, GATEHOUSE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  onSpawn?.(exited);
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 60 s:\n${output}`)), 60_000);
    const onData = () => {
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    ready: match,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const killed = new Promise<number>((resolve) => {
        timer = setTimeout(() => { child.kill('SIGKILL'); resolve(-1); }, 10_000);
      });
      try {
        return await Promise.race([exited, killed]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export interface GatehouseProcess extends NodeProcess {
  url: string;
}

export async function startGatehouseProcess(args: string[], env: Record<string, string | undefined>): Promise<GatehouseProcess> {
  const started = await startNodeProcess('gatehouse', [BIN, 'serve', '--port', '0', ...args], env, /Gatehouse listening on (http:\/\/\S+)/);
  return { ...started, url: started.ready[1] };
}
