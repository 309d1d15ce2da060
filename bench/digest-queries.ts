import { readFileSync } from 'node:fs';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import type { Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { computeWeekMetrics } from '../src/digest/metrics/compute.js';
import { digestPeriod } from '../src/digest/period.js';
import type { SlackSandbox } from '../src/sandbox/index.js';
import { ADMIN_URL } from './database.js';
import { communityOf, seedSweep } from './digest.js';
import { createWorld, growActivity, growKnowledge, growMembers } from './seed.js';
import { FULL } from './sizes.js';
import { latencies, median } from './stats.js';

/**
 * `npx tsx bench/digest-queries.ts [--db NAME] [--keep] [--sweep]`: the digest alone, query by query. Seeds the full
 * profile's three stages (10k members, 1M events, 100k entries) into its own database once, then times
 * computeWeekMetrics and re-runs every statement it issued on its own, slowest first. `--db NAME --keep` seeds NAME
 * if it does not exist yet and reuses it on later runs (for iterating on the queries); without `--keep` the database
 * is dropped at the end. `--runs N` whole-digest runs after the cold one (3), `--reps N` runs of each statement alone
 * (3). Statements run alone without parallel workers, as the digest runs its large ones (withoutParallelism) and
 * as it runs the others side by side.
 */
const args = process.argv.slice(2);
const reuse = args.includes('--db') ? args[args.indexOf('--db') + 1] : undefined;
const keep = args.includes('--keep');
const option = (flag: string, fallback: number) =>
  args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : fallback;
// Whole-digest runs after the first (cold, capturing) one, and runs of each statement alone (the median is shown).
const runs = option('--runs', 3);
const reps = option('--reps', 3);
// `--explain N`: EXPLAIN (ANALYZE, BUFFERS) of the N slowest statements.
const explain = option('--explain', 0);
// `--stages N`: seed only the first N of the full profile's stages (1: 100 members and 10k events, 2: 1k and 100k).
const stages = FULL.stages.slice(0, option('--stages', FULL.stages.length));

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(statement).finally(() => client.end());
}

// What createWorld and growMembers need of the Slack stand-in: ids and a channel member set, no server.
function stubSandbox(): SlackSandbox {
  let n = 0;
  return {
    teamId: 'TBENCH',
    botUserId: 'UBOT',
    addUser: () => ({ id: `U${(n++).toString().padStart(7, '0')}` }),
    addChannel: () => ({ id: 'CBENCH', members: new Set<string>() }),
  } as unknown as SlackSandbox;
}

interface Logged {
  sql: string;
  parameters: readonly unknown[];
}

// Every statement the digest issues, captured through Kysely's log hook, so each can be re-run and timed alone.
const logged: Logged[] = [];
let capture = false;

function open(url: string): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (capture) logged.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
}
/**
 * CPU time (ms) used so far by this database's server processes, from /proc (the bench runs beside PostgreSQL): on
 * a shared, loaded machine wall time mostly measures the other tenants; CPU time measures the digest's own work.
 */
async function serverCpuMs(db: Kysely<Database>): Promise<Map<number, number>> {
  const pids = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(
    db,
  );
  const out = new Map<number, number>();
  for (const { pid } of pids.rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      out.set(pid, (Number(fields[11]) + Number(fields[12])) * 10); // utime + stime, in 10 ms clock ticks
    } catch {
      // PostgreSQL on another host, or the backend just exited: no figure for it.
    }
  }
  return out;
}
const cpuSince = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

/** Whether a database of that name exists (a `--db` database is seeded on first use). */
async function exists(database: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  const r = await client.query('select 1 from pg_database where datname = $1', [database]).finally(() => client.end());
  return r.rowCount === 1;
}

const name = reuse ?? `praxis_digestq_${process.pid}_${Date.now().toString(36)}`;
const url = new URL(ADMIN_URL);
url.pathname = `/${name}`;
const seeded = reuse !== undefined && (await exists(reuse));
if (!seeded) await admin(`CREATE DATABASE ${name}`);
const db = open(url.toString());
try {
  let communityId = 1;
  if (!seeded) {
    // Only a fresh database is migrated: a kept one was migrated when seeded (teammates may add migrations since).
    await migrateToLatest(db, pino({ level: 'silent' }));
    const sandbox = stubSandbox();
    const world = await createWorld(db, sandbox, FULL.tags);
    for (const stage of stages) {
      await growMembers(db, sandbox, world, stage.members);
      await growActivity(db, world, stage.activity);
      await growKnowledge(db, world, stage.kb);
    }
    if (args.includes('--sweep')) await seedSweep(db, world, FULL.sweep.communities, FULL.sweep.eventsEach);
    await sql`vacuum analyze`.execute(db);
    communityId = world.communityId;
    console.log(`seeded ${name}`);
  }
  const community = await communityOf(db, communityId);
  const period = digestPeriod(new Date(), 'UTC');
  const whole: number[] = [];
  const serverCpu: number[] = [];
  const nodeCpu: number[] = [];
  for (let i = 0; i <= runs; i++) {
    capture = i === 0;
    const cpuBefore = await serverCpuMs(db);
    const nodeBefore = process.cpuUsage();
    const start = performance.now();
    await computeWeekMetrics(db, community, period);
    whole.push(performance.now() - start);
    const node = process.cpuUsage(nodeBefore);
    nodeCpu.push((node.user + node.system) / 1000);
    serverCpu.push(cpuSince(cpuBefore, await serverCpuMs(db)));
  }
  capture = false;
  const warm = (xs: number[]) => xs.slice(1);
  console.log(`computeWeekMetrics: ${whole.map((x) => x.toFixed(0)).join(', ')} ms (first is cold)`);
  console.log(
    `warm runs: wall median ${median(warm(whole)).toFixed(0)} ms (min ${Math.min(...warm(whole)).toFixed(0)}, max ${Math.max(...warm(whole)).toFixed(0)}); CPU median PostgreSQL ${median(warm(serverCpu)).toFixed(0)} ms + Node ${median(warm(nodeCpu)).toFixed(0)} ms`,
  );
  const timed: Array<{ ms: number; cpu: number; sql: string; q: Logged }> = [];
  // One connection without parallel workers (see the header); the digest's own BEGIN/COMMITs are not replayed.
  const alone = open(url.toString());
  await alone.connection().execute(async (conn) => {
    await sql`set max_parallel_workers_per_gather = 0`.execute(conn);
    for (const q of logged.filter((l) => !/^\s*(begin|commit)\b/i.test(l.sql))) {
      const runs: number[] = [];
      let cpu = 0;
      for (let i = 0; i < reps; i++) {
        const cpuBefore = await serverCpuMs(db);
        const start = performance.now();
        await conn.executeQuery(CompiledQuery.raw(q.sql, [...q.parameters]));
        runs.push(performance.now() - start);
        cpu += cpuSince(cpuBefore, await serverCpuMs(db));
      }
      // Mean server CPU: the clock ticks are 10 ms, so a median of a few runs would round to a tick.
      timed.push({ ms: median(runs), cpu: cpu / reps, sql: q.sql.replace(/\s+/g, ' ').trim(), q });
    }
    timed.sort((a, b) => b.ms - a.ms);
    for (const t of timed.slice(0, explain)) {
      const plan = await conn.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain (analyze, buffers) ${t.q.sql}`, [...t.q.parameters]),
      );
      console.log(`\n${t.sql.slice(0, 100)}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
    }
  });
  await alone.destroy();
  for (const t of timed)
    console.log(`${t.ms.toFixed(1).padStart(8)} ms ${t.cpu.toFixed(0).padStart(5)} ms CPU  ${t.sql.slice(0, 140)}`);
  const total = (pick: (t: (typeof timed)[number]) => number) => timed.reduce((s, t) => s + pick(t), 0).toFixed(0);
  console.log(`sum of statements alone: ${total((t) => t.ms)} ms, server CPU ${total((t) => t.cpu)} ms`);
  if (args.includes('--sweep')) {
    const ids = (await db.selectFrom('community').select('id').where('name', 'like', 'sweep-%').execute()).map(
      (r) => r.id,
    );
    const start = performance.now();
    const each = await latencies(ids.length, 4, async (i) =>
      computeWeekMetrics(db, await communityOf(db, ids[i] as number), period),
    );
    console.log(`sweep of ${ids.length}: ${(performance.now() - start).toFixed(0)} ms, p50 ${median(each).toFixed(1)}`);
  }
} finally {
  await db.destroy();
  if (!keep) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  else console.log(`kept ${name}`);
}
