import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { type Praxis, startPraxis } from './app.js';
import { type AckResult, ackKey, ackRound, ackRuns, type E2eResult, e2eRound, warmUpAcks } from './ask.js';
import { createBenchDatabase } from './database.js';
import { cappedDatabase, digestOnce, seedSweep, sweep } from './digest.js';
import { ingestRound } from './ingest.js';
import { type KbResult, kbRound } from './kb.js';
import { stopChildren } from './processes.js';
import { buildReport, roundAll } from './report.js';
import { type RouteResult, RouteThread } from './route.js';
import { createWorld, growActivity, growKnowledge, growMembers } from './seed.js';
import type { Sizes } from './sizes.js';
import { log, medianOfRounds, type Report } from './stats.js';

/**
 * Runs every benchmark against one database that grows through three workspace sizes, so each size-dependent figure
 * is measured at three sizes without seeding three times. Returns the report; the caller prints and saves it.
 */
export async function runBench(sizes: Sizes): Promise<Report> {
  const bench = await createBenchDatabase();
  log(`database ${bench.name}, profile ${sizes.name}`);
  let praxis: Praxis | null = null;
  // Ctrl-C (or SIGTERM) still cleans up, also while the processes start: they are stopped (bounded wait), the
  // database dropped (FORCE ends the queries in flight), then the process exits. `on`, not `once`: tsx exits at once
  // if no other SIGINT listener is left.
  let stopping: Promise<void> | null = null;
  const interrupted = () => {
    log('interrupted: cleaning up');
    stopping ??= (async () => {
      await Promise.race([praxis?.close() ?? stopChildren(), sleep(5000)]).catch(() => undefined);
      await stopChildren().catch(() => undefined);
      await bench.drop().catch((error) => log(`could not drop ${bench.name}: ${String(error)}`));
    })().finally(() => process.exit(130));
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  try {
    praxis = await startPraxis(bench.url, bench.db, { secondBare: true });
    // Seeding and the in-process measurements use the benchmark's pool (10 connections, like each Praxis process).
    return await measure(sizes, praxis);
  } catch (error) {
    if (stopping) await new Promise(() => {}); // the failure is the interruption; the handler exits when clean
    throw error;
  } finally {
    if (!stopping) {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      await praxis?.close();
      await bench.drop();
      log(`dropped ${bench.name}`);
    }
  }
}

async function measure(sizes: Sizes, praxis: Praxis): Promise<Report> {
  const { sandbox, db } = praxis;
  const world = await createWorld(db, sandbox, sizes.tags);
  const digestDb = cappedDatabase(praxis.databaseUrl, sizes.digestCapMs);
  const rounds = <T extends Record<string, number>>(run: () => Promise<T>) =>
    medianOfRounds(sizes.rounds, run, sizes.figureBudgetMs);
  const ack: Record<string, AckResult> = {};
  const e2e: Array<E2eResult & { members: number }> = [];
  const kb: Array<KbResult & { entries: number }> = [];
  const digest: Array<{ events: number; ms: number; lowerBound: number; coldMs: number }> = [];
  const route: Array<RouteResult & { members: number; warmMs: number }> = [];
  const router = new RouteThread(praxis.databaseUrl);
  try {
    for (const [index, stage] of sizes.stages.entries()) {
      log(`seeding ${stage.label}: ${stage.kb} entries, ${stage.activity} activity events`);
      await growMembers(db, sandbox, world, stage.members);
      await growActivity(db, world, stage.activity);
      await growKnowledge(db, world, stage.kb);
      await sql`vacuum analyze`.execute(db);
      if (index === 0) {
        await warmUpAcks(praxis, world, sizes.ack.warmUp, sizes.ack.concurrency); // the compiler: see warmUpAcks
        for (const { concurrency: c, mode } of ackRuns(sizes)) {
          await ackRound(praxis, world, Math.min(20, sizes.ack.requests), c, 0, mode); // warm-up: JIT, pools
          ack[ackKey(c, mode)] = await medianOfRounds(
            sizes.rounds,
            (r) => ackRound(praxis, world, sizes.ack.requests, c, r, mode),
            3 * sizes.figureBudgetMs, // each round waits for the real app's follow-up to every /ask
          );
          log(`ack c=${c} ${mode}: ${JSON.stringify(roundAll(ack[ackKey(c, mode)]))}`);
        }
      }
      // Routing first: every /ask routes once, so when one routing alone exceeds the cap the end-to-end figure is
      // reported as that lower bound instead of spending minutes per question (the run must stay bounded).
      // The thread starts a worker's state afresh per size (a worker started on a workspace of that size: none grows
      // 10× under one worker) and keeps its member profiles and shortlist hints across the rounds, as a running one does.
      const warmMs = await router.start(world);
      route.push({
        members: stage.members,
        ...(await rounds(() => router.round(world, sizes.route.maxSamples, sizes.route.budgetMs))),
        warmMs,
      });
      log(`route at ${stage.label}: ${JSON.stringify(roundAll(route.at(-1)))}`);
      const routeMs = route.at(-1)?.p50 ?? 0;
      if (routeMs > sizes.ask.skipAboveMs) {
        e2e.push({
          members: stage.members,
          ackP95: 0,
          postedP95: 0,
          dmedP50: routeMs,
          dmedP95: routeMs,
          asks: 0,
          dms: 0,
          rounds: 0,
          lowerBound: 1,
        });
      } else {
        if (index === 0) await e2eRound(praxis, world, 1, 0); // warm-up
        e2e.push({
          members: stage.members,
          ...(await rounds(() => e2eRound(praxis, world, sizes.ask.maxAsks, sizes.ask.budgetMs))),
        });
      }
      log(`ask e2e at ${stage.label}: ${JSON.stringify(roundAll(e2e.at(-1)))}`);
      if (!kb.some((k) => k.entries === stage.kb)) {
        kb.push({ entries: stage.kb, ...(await rounds(() => kbRound(db, world, sizes.kbReps))) });
        log(`kb at ${stage.kb}: ${JSON.stringify(roundAll(kb.at(-1)))}`);
      }
      // The first digest after seeding is timed apart (coldMs: the bench process's first run of this code, cold plan
      // and buffer caches — what a weekly job meets more than anything else); the figure is the median of the rounds
      // after it, like the other figures after their warm-up.
      const cold = await digestOnce(digestDb, world.communityId);
      digest.push({
        events: stage.activity,
        ...(await rounds(() => digestOnce(digestDb, world.communityId))),
        coldMs: cold.ms,
      });
      log(`digest at ${stage.activity} events: ${JSON.stringify(roundAll(digest.at(-1)))}`);
    }
  } finally {
    await router.close();
  }

  log(`ingest: ${sizes.ingest.events} message events, ${sizes.ingest.concurrency} in flight`);
  await ingestRound(praxis, world, Math.min(200, sizes.ingest.events), sizes.ingest.concurrency);
  const ingest = await rounds(() => ingestRound(praxis, world, sizes.ingest.events, sizes.ingest.concurrency));
  log(`ingest: ${JSON.stringify(roundAll(ingest))}`);

  log(`seeding the knowledge base to ${sizes.kbMax} entries`);
  await growKnowledge(db, world, sizes.kbMax);
  await sql`vacuum analyze knowledge_entry`.execute(db);
  await kbRound(db, world, 1);
  kb.push({ entries: sizes.kbMax, ...(await rounds(() => kbRound(db, world, sizes.kbReps))) });
  log(`kb at ${sizes.kbMax}: ${JSON.stringify(roundAll(kb.at(-1)))}`);

  log(`digest sweep: seeding ${sizes.sweep.communities} communities`);
  const ids = await seedSweep(db, world, sizes.sweep.communities, sizes.sweep.eventsEach);
  await sql`vacuum analyze activity_event`.execute(db);
  const swept = await sweep(digestDb, ids);
  await digestDb.destroy();
  log(`sweep: ${JSON.stringify(roundAll(swept))}`);

  return buildReport(sizes, { ack, e2e, kb, digest, route, ingest, swept });
}
