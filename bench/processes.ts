import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { log } from './stats.js';

/**
 * The apps under test run as their own processes, as deployed (`node --import tsx <script>`, the way `npm start`
 * runs src/main.ts), so the stand-in and the load generator in the benchmark's process never share their event loop.
 */
export interface Child {
  name: string;
  /** Resolves when the process has exited (for whatever reason). */
  exited: Promise<void>;
  /** The last lines it printed (stdout and stderr), for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it is gone. */
  stop(graceMs?: number): Promise<void>;
}

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

const live = new Set<ChildProcess>();
const started = new Set<Child>();
let hooked = false;

/** Last resort: whatever way the benchmark ends, no child outlives it (stop() is the orderly path). */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/** Stops every child still running (the interruption handler's path, also while they are starting). */
export async function stopChildren(): Promise<void> {
  await Promise.all([...started].map((c) => c.stop()));
}

/**
 * Starts `script` (relative to the repository root) with only `env` (plus PATH and HOME) in its environment, and
 * `nodeArgs` before BENCH_NODE_ARGS on its Node command line.
 */
export function spawnScript(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): Child {
  hookExit();
  // BENCH_NODE_ARGS go to the children only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the apps.
  const benchArgs = process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, ...benchArgs, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let tail = '';
  let stopping = false;
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    tail = (tail + text).slice(-8000);
    for (const line of text.split('\n')) if (line.trim()) log(`${name}: ${line.slice(0, 500)}`);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      if (!stopping) log(`${name} exited unexpectedly (${signal ?? code})`);
      resolve();
    }),
  );
  const handle: Child = {
    name,
    exited,
    output: () => tail,
    stop: async (graceMs = 5000) => {
      stopping = true;
      if (!live.has(child)) return;
      child.kill('SIGTERM');
      // The grace timer is cancelled once the child is gone, so it does not hold the process open.
      const grace = new AbortController();
      const gone = await Promise.race([
        exited.then(() => true),
        sleep(graceMs, false, { signal: grace.signal }).catch(() => true),
      ]);
      grace.abort();
      if (!gone) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  started.add(handle);
  void exited.then(() => started.delete(handle));
  return handle;
}

/** A port nobody listens on right now (the child binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `ready` until it is true; fails with the child's output if it exits or `timeoutMs` passes first. */
export async function waitReady(child: Child, ready: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void child.exited.then(() => (gone = true));
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (gone || Date.now() > deadline) {
      throw new Error(`${child.name} did not come up${gone ? ' (it exited)' : ''}:\n${child.output()}`);
    }
    await sleep(100);
  }
}

/** True once `url` answers 200. */
export async function answers(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await res.text();
  return res.ok;
}
