/**
 * `npx tsx bench/ack-blocks.ts [ROUNDS] [BLOCKS] [CONCURRENCY]`: ack_p99's `together` rounds in blocks, to see how
 * each app's ack latency, CPU and memory change from round to round. BLOCKS is a string of `h` (held: the worker is
 * held back, so no follow-up and no echoes; the questions and jobs are discarded after each round) and `l` (live:
 * the worker does its follow-up, and the round waits for it) and `a` (A/A: a second bare app takes the real app's
 * place, so both sides are the same code; their ratio is the noise floor of the figure); default `hlhl`, ROUNDS per
 * block default 5, CONCURRENCY default 50; BENCH_ACK_REQUESTS measured requests per app and round (default the full
 * run's 300). Rounds are 3 s apart. Prints per round p50/p95/p99/max of both apps, each app's CPU per request sent
 * (fillers included) and resident memory, then each block's median p99s and the p99 of all its requests. Same
 * processes (Node flags included), warm-up and requests as the full run; docs/benchmarks.md (sessions 8 and 9) shows
 * what it found.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPraxis } from './app.js';
import { followUpDone, togetherForms, warmUpAcks, withJobsHeld } from './ask.js';
import { createBenchDatabase } from './database.js';
import { childPids, childWithEnv, cpuSeconds } from './proc-cpu.js';
import { createWorld, growMembers } from './seed.js';
import { post } from './sender.js';
import { FULL } from './sizes.js';
import { median, percentile } from './stats.js';

const rounds = Number(process.argv[2] ?? 5);
const blocks = process.argv[3] ?? 'hlhl';
const concurrency = Number(process.argv[4] ?? 50);
if (!/^[hla]+$/.test(blocks)) {
  throw new Error(`BLOCKS is a string of h (held), l (live) and a (A/A: two bare apps), not "${blocks}"`);
}
const requests = Number(process.env.BENCH_ACK_REQUESTS ?? FULL.ack.requests);

/** Resident memory of a process, MB. */
const residentMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const round2 = (x: number) => Math.round(x * 100) / 100;

const bench = await createBenchDatabase();
const praxis = await startPraxis(bench.url, bench.db, { secondBare: blocks.includes('a') });
try {
  const appPid = childWithEnv('PRAXIS_ROLE', 'app');
  // The bare apps in the order they were started: the baseline, then (for A/A blocks) its twin.
  const [barePid, bare2Pid] = childPids(process.pid).filter((pid) =>
    readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('bench/bare-app.ts'),
  );
  if (appPid === undefined || barePid === undefined) throw new Error('the app processes were not found in /proc');
  const world = await createWorld(bench.db, praxis.sandbox, 300);
  await growMembers(bench.db, praxis.sandbox, world, 100);
  await warmUpAcks(praxis, world, Number(process.env.BENCH_ACK_WARM_UP ?? FULL.ack.warmUp), FULL.ack.concurrency);
  let round = 0;
  for (const block of blocks) {
    const held = block === 'h';
    const twin = block === 'a';
    const first = twin ? bare2Pid : appPid;
    const firstUrl = twin ? praxis.bare2Url : praxis.url;
    if (first === undefined || firstUrl === undefined) throw new Error('the second bare app is not running');
    const kind = twin ? 'A/A' : held ? 'held' : 'live';
    // What the first column is: the real app, or in A/A blocks the baseline's twin.
    const side = twin ? 'twin' : 'real';
    const p99s: Array<[number, number]> = [];
    // Every latency of the block, per app: the p99 of 300 requests is their fourth slowest, which a few stalls decide;
    // over all the block's rounds it is the latency 1 % of them exceeded.
    const pooled: [number[], number[]] = [[], []];
    for (let r = 0; r < rounds; r++, round++) {
      const replies = praxis.sandbox.ephemerals.length;
      const { forms, lanes } = togetherForms(praxis, world, requests, concurrency, round % 2 === 1);
      const cpu = [cpuSeconds(first), cpuSeconds(barePid)];
      const cpuPerRequest: number[] = [];
      const send = async () => {
        const sent = await post([firstUrl, praxis.bareUrl], forms, concurrency, lanes);
        for (const [i, pid] of [first, barePid].entries()) {
          cpuPerRequest[i] = ((cpuSeconds(pid) - (cpu[i] ?? 0)) * 1000) / (sent.sent[i] ?? 1);
        }
        if (sent.failed > 0) throw new Error(`${sent.failed} /ask were not acked with HTTP 200`);
        return sent;
      };
      // An A/A round queues nothing: the real app gets no request.
      const sent = held ? await withJobsHeld(praxis, send) : await send();
      if (held || twin) await praxis.idle();
      else await followUpDone(praxis, replies, sent.sent[0] ?? 0);
      const [real = [], bare = []] = sent.latencies;
      const stats = (x: number[]) => [median(x), percentile(x, 95), percentile(x, 99), Math.max(...x)].map(round2);
      p99s.push([percentile(real, 99), percentile(bare, 99)]);
      pooled[0].push(...real);
      pooled[1].push(...bare);
      console.log(
        `${kind} c=${concurrency} round ${r}: p50/p95/p99/max ${side} ${stats(real).join(' / ')} ms, ` +
          `bare ${stats(bare).join(' / ')} ms; CPU per request ${side} ${round2(cpuPerRequest[0] ?? 0)} ms, ` +
          `bare ${round2(cpuPerRequest[1] ?? 0)} ms; RSS ${side} ${Math.round(residentMb(first))} MB, ` +
          `bare ${Math.round(residentMb(barePid))} MB`,
      );
      await sleep(3000);
    }
    const [realP99, bareP99] = [median(p99s.map((x) => x[0])), median(p99s.map((x) => x[1]))];
    const pooledP99 = pooled.map((x) => percentile(x, 99)) as [number, number];
    console.log(
      `${kind.toUpperCase()} block: median p99 ${side} ${round2(realP99)} ms, bare ${round2(bareP99)} ms, ratio ` +
        `${round2(realP99 / bareP99)}; p99 of all ${pooled[0].length} ${side} ${round2(pooledP99[0])} ms, bare ` +
        `${round2(pooledP99[1])} ms, ratio ${round2(pooledP99[0] / pooledP99[1])}`,
    );
  }
} finally {
  await praxis.close();
  await bench.drop();
}
process.exit(0);
