/**
 * `npx tsx bench/route-solo.ts`: route_p95 alone at 10k members (seeds its own database and drops it), for checking a
 * routing change without the whole `npm run bench`. BENCH_ROUTE_FULL=1 also seeds the full run's 1M activity events
 * and 100k knowledge entries; BENCH_ROUTE_SAMPLES sets the routes timed (default 100).
 */

import { sql } from 'kysely';
import { type SlackSandbox, startSlackSandbox } from '../src/sandbox/index.js';
import { createBenchDatabase } from './database.js';
import { RouteThread } from './route.js';
import { createWorld, growActivity, growKnowledge, growMembers } from './seed.js';

const bench = await createBenchDatabase();
// The stand-in starts inside the try: if it cannot (e.g. no Block Kit schema in reach), the database is still dropped.
let sandbox: SlackSandbox | undefined;
try {
  sandbox = await startSlackSandbox({ signingSecret: 'route-solo' });
  const world = await createWorld(bench.db, sandbox, 300);
  await growMembers(bench.db, sandbox, world, 10_000);
  if (process.env.BENCH_ROUTE_FULL === '1') {
    // The full run's largest workspace beside the routing data: 1M activity events and 100k knowledge entries.
    await growActivity(bench.db, world, 1_000_000);
    await growKnowledge(bench.db, world, 100_000);
  }
  await sql`vacuum analyze`.execute(bench.db); // as autovacuum leaves a live database (and as npm run bench does)
  // Timed in its own thread, as npm run bench does. The worker's state lives as long as the worker: kept across rounds
  // (BENCH_ROUTE_CACHE=0 starts each route cold).
  const router = new RouteThread(bench.url);
  try {
    const warmMs = await router.start(world, process.env.BENCH_ROUTE_CACHE !== '0');
    await router.round(world, 3, 10_000); // warm-up
    const samples = Number(process.env.BENCH_ROUTE_SAMPLES ?? 100);
    console.log(JSON.stringify({ ...(await router.round(world, samples, 60_000)), warmMs }));
  } finally {
    await router.close();
  }
} finally {
  await sandbox?.close();
  await bench.drop();
}
process.exit(0);
