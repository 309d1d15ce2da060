import { sql } from 'kysely';
import { pino } from 'pino';
import { createDatabase } from '../src/db/client.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { searchEntries } from '../src/knowledge/knowledge.repository.js';
import { KB_PAGE_SIZE } from '../src/slack/blocks/knowledge-results.js';
import { createBenchDatabase } from './database.js';
import { ilikeSearch } from './kb.js';
import { growKnowledge, type World } from './seed.js';
import { log, median, percentile, timed } from './stats.js';
import { KB_QUERIES, KB_SENTENCES, prng, word } from './words.js';

/**
 * `npx tsx bench/kb-solo.ts [ENTRIES]`: only the knowledge search, without Redis or the Slack stand-in, so a change to
 * `searchEntries` can be measured in a minute or two instead of a full `npm run bench`. Seeds ENTRIES (default 1M)
 * the way the full run does, then times query mixes the full run does not cover (titles, OR suggestions, later
 * pages) beside the full run's own `/kb` queries and the ILIKE baseline. KB_BENCH_URL reuses an already seeded
 * database (kept, not dropped), which makes repeated measurements cheap while tuning.
 */
const entries = Number(process.argv[2] ?? 1_000_000);
const reuse = process.env.KB_BENCH_URL;
const bench = reuse ? null : await createBenchDatabase();
const db = bench?.db ?? createDatabase(reuse as string, 4);
if (reuse) await migrateToLatest(db, pino({ level: 'silent' }));

try {
  const world = await minimalWorld();
  await growKnowledge(db, world, entries);
  await sql`vacuum analyze knowledge_entry`.execute(db);
  const scope = { teamId: world.teamId, privateChannelIds: ['C0000000007'] };
  const random = prng(7);
  const pick = () => KB_SENTENCES[Math.floor(random() * KB_SENTENCES.length)] as string;
  // An /ask question shares a few words with the knowledge base among ordinary ones (OR semantics, minRank).
  const ask = () => `How do we ${word(Math.floor(50 * random()))} the ${word(Math.floor(2000 * random()))} here?`;
  const mixes: Record<string, Array<() => Promise<unknown>>> = {
    kb: KB_QUERIES.map((q) => () => searchEntries(db, scope, q, { limit: KB_PAGE_SIZE + 1 })),
    kb_page3: KB_QUERIES.map((q) => () => searchEntries(db, scope, q, { limit: KB_PAGE_SIZE + 1, offset: 15 })),
    titles: Array.from({ length: 10 }, () => pick()).map((t) => () => searchEntries(db, scope, t, { limit: 6 })),
    suggest: Array.from({ length: 10 }, () => ask()).map(
      (t) => () => searchEntries(db, scope, t, { limit: 3, anyWord: true, minRank: 0.02 }),
    ),
    save_dupe: Array.from({ length: 10 }, () => pick()).map(
      (t) => () => searchEntries(db, scope, t, { limit: 5, anyWord: true }),
    ),
    ilike: KB_QUERIES.map((q) => () => ilikeSearch(db, world.teamId, q)),
  };
  for (const run of Object.values(mixes).flat()) await run(); // warm the cache once
  const all: number[] = [];
  for (const [name, runs] of Object.entries(mixes)) {
    const ms: number[] = [];
    for (let r = 0; r < (name === 'ilike' ? 1 : 3); r++) for (const run of runs) ms.push((await timed(run)).ms);
    if (name !== 'ilike') all.push(...ms);
    log(
      `${name.padEnd(9)} p50 ${median(ms).toFixed(1)} ms  p95 ${percentile(ms, 95).toFixed(1)} ms  max ${Math.max(...ms).toFixed(1)} ms`,
    );
  }
  log(`all search p50 ${median(all).toFixed(1)} ms  p95 ${percentile(all, 95).toFixed(1)} ms at ${entries} entries`);
} finally {
  if (bench) await bench.drop();
  else await db.destroy();
}

/** The rows knowledge entries point at (workspace, community), created once per database. */
async function minimalWorld(): Promise<World> {
  const teamId = 'T_KBSOLO';
  const existing = await db.selectFrom('community').select('id').where('team_id', '=', teamId).executeTakeFirst();
  const communityId =
    existing?.id ??
    (await db.transaction().execute(async (tx) => {
      await tx.insertInto('workspace').values({ team_id: teamId, name: 'kb', bot_user_id: 'UBOT' }).execute();
      const c = await tx
        .insertInto('community')
        .values({ team_id: teamId, name: 'kb', created_by: 'U0', alert_thresholds: '{}' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return c.id;
    }));
  return { teamId, communityId, channelId: 'C_KBSOLO', members: ['U0'], tags: 300 } as unknown as World;
}
