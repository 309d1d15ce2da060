import { setTimeout as sleep } from 'node:timers/promises';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/database.js';
import { manifestBotEvents, type SlackSandbox, startSlackSandbox } from '../src/sandbox/index.js';
import { REDIS_URL } from './database.js';
import { answers, type Child, freePort, spawnScript, waitReady } from './processes.js';
import { praxisNodeFlags } from './start-flags.js';
import { log } from './stats.js';

/**
 * Praxis as deployed for production (README): `npm start`, its Node flags included, with PRAXIS_ROLE=app (Bolt over
 * HTTP, production ack mode) in one process and PRAXIS_ROLE=worker (the BullMQ worker) in another, both on the
 * benchmark's own database and a queue of their own, wired to the local Slack stand-in, which stays in the
 * benchmark's process. The bare Bolt app of ack_p99 runs as a third process (bench/bare-app.ts).
 */
export interface Praxis {
  sandbox: SlackSandbox;
  /** The benchmark's own pool on the database the processes use (seeding, polling, measurements). */
  db: Kysely<Database>;
  databaseUrl: string;
  /** Request URLs of the real app and of the bare one. */
  url: string;
  bareUrl: string;
  /** A second bare app, when asked for (startPraxis's `secondBare`): two identical apps, to see the noise floor. */
  bare2Url?: string;
  signingSecret: string;
  /** Points the stand-in's own deliveries (sandbox.slashCommand, …) at the real app or at the bare one. */
  target(which: 'praxis' | 'bare'): void;
  /** A job of this run's queue (to see when the routing of a question finished). */
  job(id: string): Promise<Job | undefined>;
  /** Resolves when no job is waiting or running (delayed escalations do not count). */
  idle(): Promise<void>;
  /**
   * Holds the worker back: jobs queued from now on wait, unprocessed (for warm-up requests whose follow-up is not
   * measured). `discardHeld` removes them and lets the worker take jobs again.
   */
  holdJobs(): Promise<void>;
  discardHeld(): Promise<void>;
  close(): Promise<void>;
}

export async function startPraxis(
  databaseUrl: string,
  db: Kysely<Database>,
  options: { secondBare?: boolean } = {},
): Promise<Praxis> {
  const signingSecret = `bench-${Math.random().toString(36).slice(2)}`;
  // Only the events the manifest subscribes to reach the app, as from Slack.
  const sandbox = await startSlackSandbox({ signingSecret, deliveryTimeoutMs: 30_000, botEvents: manifestBotEvents() });
  const queueName = `praxis-bench-${process.pid}-${Date.now().toString(36)}`;
  const [appPort, barePort, bare2Port] = [await freePort(), await freePort(), await freePort()];
  const slack = {
    SLACK_BOT_TOKEN: sandbox.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: sandbox.apiUrl,
  };
  const praxisEnv = {
    ...slack,
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    PRAXIS_QUEUE_NAME: queueName,
    // The app and the worker share this host's 2 cores (README: PRAXIS_WORKER_NICE); BENCH_WORKER_NICE=0 turns it off.
    PRAXIS_WORKER_NICE: process.env.BENCH_WORKER_NICE ?? '10',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  };
  // A separate handle on the same queue, only to observe it: the app's JobQueue deliberately exposes no job lookups.
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const observer = new Queue(queueName, { connection });
  const children: Child[] = [];
  const close = async () => {
    await Promise.all(children.map((c) => c.stop()));
    // Remove the run's queue keys from Redis (BullMQ keeps completed jobs).
    await observer.obliterate({ force: true }).catch(() => undefined);
    await observer.close();
    await connection.quit();
    await sandbox.close();
  };
  try {
    // All three run with the Node flags of `npm start` (package.json): Praxis as deployed, and the bare app on the
    // same V8 settings. Both apps idle for the seconds each round waits for the follow-up; with V8's memory reducer
    // (off in the start script) an idle app's heap was shrunk meanwhile and the next burst paid for it in collections
    // (docs/benchmarks.md, sessions 7 and 8).
    const nodeFlags = praxisNodeFlags();
    // The app first, alone: both Praxis processes migrate at boot (safe, but the second would only wait on the lock).
    const app = spawnScript(
      'praxis-app',
      'src/main.ts',
      { ...praxisEnv, PRAXIS_ROLE: 'app', PORT: String(appPort) },
      nodeFlags,
    );
    children.push(app);
    await waitReady(app, () => answers(`http://127.0.0.1:${appPort}/healthz`));
    const worker = spawnScript('praxis-worker', 'src/main.ts', { ...praxisEnv, PRAXIS_ROLE: 'worker' }, nodeFlags);
    const bare = spawnScript('bare-app', 'bench/bare-app.ts', { ...slack, PORT: String(barePort) }, nodeFlags);
    children.push(worker, bare);
    await waitReady(worker, async () => (await observer.getWorkersCount()) > 0);
    await waitReady(bare, () => answers(`http://127.0.0.1:${barePort}/healthz`));
    if (options.secondBare) {
      const bare2 = spawnScript('bare-app-2', 'bench/bare-app.ts', { ...slack, PORT: String(bare2Port) }, nodeFlags);
      children.push(bare2);
      await waitReady(bare2, () => answers(`http://127.0.0.1:${bare2Port}/healthz`));
    }
  } catch (error) {
    await close();
    throw error;
  }
  log(`processes up: praxis-app :${appPort}, praxis-worker, bare-app :${barePort}; queue ${queueName}`);
  const url = `http://127.0.0.1:${appPort}/slack/events`;
  const bareUrl = `http://127.0.0.1:${barePort}/slack/events`;
  sandbox.setAppUrl(url);
  return {
    sandbox,
    db,
    databaseUrl,
    url,
    bareUrl,
    ...(options.secondBare ? { bare2Url: `http://127.0.0.1:${bare2Port}/slack/events` } : {}),
    signingSecret,
    target: (which) => sandbox.setAppUrl(which === 'praxis' ? url : bareUrl),
    job: (id) => observer.getJob(id),
    idle: async () => {
      for (;;) {
        const counts = await observer.getJobCounts('waiting', 'active', 'prioritized');
        if (Object.values(counts).every((n) => n === 0)) return;
        await sleep(20);
      }
    },
    holdJobs: async () => {
      await observer.pause();
    },
    discardHeld: async () => {
      await observer.drain();
      await observer.resume();
    },
    close,
  };
}
