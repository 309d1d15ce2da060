/**
 * `npx tsx bench/ingest-solo.ts [--rounds N] [--events N] [--concurrency N] [--replies]`: ingest_eps alone, for
 * checking an ingest change without the whole `npm run bench`. Seeds a small workspace (100 members) in its own
 * database, starts only the Praxis app process (PRAXIS_ROLE=app, as deployed; extra variables for it in BENCH_APP_ENV,
 * e.g. `BENCH_APP_ENV='LOG_LEVEL=debug'`), runs a warm-up and N rounds of bench/ingest.ts, and reports per round:
 * events/s, the 1-row baseline/s, their ratio, the app's CPU time per event (utime + stime from /proc, children
 * included) and the load average. `--replies` sends thread replies (the claimed path) instead of channel messages.
 * `BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'` profiles the app.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { manifestBotEvents, startSlackSandbox } from '../src/sandbox/index.js';
import { createBenchDatabase, REDIS_URL } from './database.js';
import { ingestRound } from './ingest.js';
import { childPids, cpuSeconds } from './proc-cpu.js';
import { answers, freePort, spawnScript, waitReady } from './processes.js';
import { createWorld, growMembers } from './seed.js';
import { median } from './stats.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    events: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '50' },
    replies: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const events = Number(values.events);
const concurrency = Number(values.concurrency);
const replies = values.replies ?? false;

const bench = await createBenchDatabase();
const signingSecret = `ingest-solo-${Math.random().toString(36).slice(2)}`;
const sandbox = await startSlackSandbox({ signingSecret, botEvents: manifestBotEvents() });
const port = await freePort();
const queueName = `praxis-ingest-solo-${process.pid}`;
const extraEnv = Object.fromEntries(
  (process.env.BENCH_APP_ENV ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((pair) => pair.split('=', 2) as [string, string]),
);
const app = spawnScript('praxis-app', 'src/main.ts', {
  SLACK_BOT_TOKEN: sandbox.botToken,
  SLACK_SIGNING_SECRET: signingSecret,
  SLACK_API_URL: sandbox.apiUrl,
  DATABASE_URL: bench.url,
  REDIS_URL,
  PRAXIS_QUEUE_NAME: queueName,
  LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
  PRAXIS_ROLE: 'app',
  PORT: String(port),
  ...extraEnv,
});
try {
  const world = await createWorld(bench.db, sandbox, 30);
  await growMembers(bench.db, sandbox, world, 100);
  await waitReady(app, () => answers(`http://127.0.0.1:${port}/healthz`));
  const [appPid] = childPids(process.pid);
  if (appPid === undefined) throw new Error('the app process is not a child of this one');
  const target = { db: bench.db, url: `http://127.0.0.1:${port}/slack/events`, signingSecret };
  await ingestRound(target, world, 200, concurrency, replies); // warm-up
  const results: Record<
    'eps' | 'baselineEps' | 'ratio' | 'appCpuMsPerEvent' | 'benchCpuMsPerEvent' | 'load1',
    number
  >[] = [];
  for (let r = 0; r < rounds; r++) {
    const cpuBefore = cpuSeconds(appPid);
    const benchCpuBefore = process.cpuUsage();
    const result = await ingestRound(target, world, events, concurrency, replies);
    // The baseline runs in this process after the app's rows are stored; the app is idle meanwhile.
    const cpuMs = (cpuSeconds(appPid) - cpuBefore) * 1000;
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const row = {
      eps: Math.round(result.eps),
      baselineEps: Math.round(result.baselineEps),
      ratio: Number((result.eps / result.baselineEps).toFixed(2)),
      appCpuMsPerEvent: Number((cpuMs / events).toFixed(3)),
      // The load generator, the row count polling and the baseline loop, all in this process (for context only).
      benchCpuMsPerEvent: Number(((benchCpu.user + benchCpu.system) / 1000 / events).toFixed(3)),
      load1: Number(loadavg()[0]?.toFixed(2)),
    };
    results.push(row);
    console.log(JSON.stringify(row));
  }
  const pick = (k: keyof (typeof results)[number]): number => median(results.map((x) => x[k]));
  console.log(
    JSON.stringify({
      median: {
        eps: pick('eps'),
        baselineEps: pick('baselineEps'),
        ratio: pick('ratio'),
        appCpuMsPerEvent: pick('appCpuMsPerEvent'),
        load1: pick('load1'),
      },
    }),
  );
} finally {
  await app.stop();
  await sandbox.close();
  await bench.drop();
  // The app's queue (no job is queued here, but opening it writes its meta key).
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`bull:${queueName}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
}
process.exit(0);
