/**
 * `npx tsx bench/ack-solo.ts [ROUNDS] [REQUESTS]`: ack_p99 alone (100 members), for checking a change to the /ask path
 * without the whole `npm run bench`. Same processes, warm-up (BENCH_ACK_WARM_UP pairs per concurrency, default the full
 * run's; 0 for none), rounds and modes (together, then turns) as the full run; prints
 * each round (with the CPU per /ask of the app, the worker, this process — the stand-in and the senders — and
 * PostgreSQL) and the medians.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { startPraxis } from './app.js';
import { ackRound, ackRuns, warmUpAcks } from './ask.js';
import { createBenchDatabase } from './database.js';
import { childWithEnv, cpuSeconds } from './proc-cpu.js';
import { createWorld, growMembers } from './seed.js';
import { FULL } from './sizes.js';
import { median } from './stats.js';

const rounds = Number(process.argv[2] ?? 3);
const requests = Number(process.argv[3] ?? FULL.ack.requests);

/** CPU ms of this benchmark's Praxis child with PRAXIS_ROLE=`role` (0 if not found). */
function cpuMs(role: string): number {
  const pid = childWithEnv('PRAXIS_ROLE', role);
  return pid === undefined ? 0 : cpuSeconds(pid) * 1000;
}

/** CPU ms of the local PostgreSQL server (the postmaster and its backends), when its pid file is where Debian puts it. */
function postgresCpuMs(): number {
  const pidFile = readdirSync('/var/run/postgresql', { withFileTypes: true }).find((f) => f.name.endsWith('.pid'));
  if (!pidFile) return 0;
  return cpuSeconds(Number(readFileSync(`/var/run/postgresql/${pidFile.name}`, 'utf8').split('\n')[0])) * 1000;
}
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
let postgresReadable = true;
const pgCpuMs = () => {
  try {
    return postgresReadable ? postgresCpuMs() : 0;
  } catch {
    postgresReadable = false; // not Debian's layout: left out
    return 0;
  }
};

const bench = await createBenchDatabase();
const praxis = await startPraxis(bench.url, bench.db, { secondBare: true });
try {
  const world = await createWorld(bench.db, praxis.sandbox, 300);
  await growMembers(bench.db, praxis.sandbox, world, 100);
  await warmUpAcks(praxis, world, Number(process.env.BENCH_ACK_WARM_UP ?? FULL.ack.warmUp), FULL.ack.concurrency);
  for (const { concurrency, mode } of ackRuns(FULL)) {
    await ackRound(praxis, world, 20, concurrency, 0, mode); // warm-up: JIT, pools
    const results = [];
    for (let r = 0; r < rounds; r++) {
      const [app, worker, own, postgres] = [cpuMs('app'), cpuMs('worker'), ownCpuMs(), pgCpuMs()];
      const result = await ackRound(praxis, world, requests, concurrency, r, mode);
      results.push(result);
      const perAsk = (ms: number) => (ms / requests).toFixed(1);
      console.log(
        `c=${concurrency} ${mode} round ${r}: ${JSON.stringify(result)} cpu/ask app ${perAsk(cpuMs('app') - app)} ms, ` +
          `worker ${perAsk(cpuMs('worker') - worker)} ms, this process (stand-in, senders) ${perAsk(ownCpuMs() - own)} ms, ` +
          `PostgreSQL ${perAsk(pgCpuMs() - postgres)} ms`,
      );
    }
    const p99 = median(results.map((x) => x.p99));
    const bareP99 = median(results.map((x) => x.bareP99));
    console.log(
      `c=${concurrency} ${mode} median p50 ${median(results.map((x) => x.p50)).toFixed(1)} p99 ${p99.toFixed(1)} | bare p50 ` +
        `${median(results.map((x) => x.bareP50)).toFixed(1)} p99 ${bareP99.toFixed(1)} | ratio ${(p99 / bareP99).toFixed(2)}`,
    );
  }
} finally {
  await praxis.close();
  await bench.drop();
}
process.exit(0);
