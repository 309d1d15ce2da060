import { type Kysely, sql } from 'kysely';
import { createDatabase } from '../src/db/client.js';
import type { Database } from '../src/db/database.js';
import { computeWeekMetrics, type MetricCommunity } from '../src/digest/metrics/compute.js';
import { digestPeriod } from '../src/digest/period.js';
import { bulkLoad } from './database.js';
import type { World } from './seed.js';
import { latencies, median, percentile } from './stats.js';

type Db = Kysely<Database>;

/** The community row computeWeekMetrics needs. */
export async function communityOf(db: Db, id: number): Promise<MetricCommunity> {
  return db
    .selectFrom('community')
    .select(['id', 'team_id', 'created_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/**
 * Every metric of last week for one community (computeWeekMetrics, what the weekly-digest job measures). `db` should
 * carry a statement_timeout (see cappedDatabase): a digest that runs into it is reported as the cap, a lower bound.
 */
export async function digestOnce(db: Db, communityId: number): Promise<{ ms: number; lowerBound: number }> {
  const community = await communityOf(db, communityId);
  const start = performance.now();
  try {
    await computeWeekMetrics(db, community, digestPeriod(new Date(), 'UTC'));
    return { ms: performance.now() - start, lowerBound: 0 };
  } catch (error) {
    if ((error as { code?: string }).code !== '57014') throw error; // query_canceled by statement_timeout
    return { ms: performance.now() - start, lowerBound: 1 };
  }
}

/** A pool like the app's whose statements stop after `capMs`: a super-linear digest query must not stall the run. */
export function cappedDatabase(url: string, capMs: number): Db {
  const capped = new URL(url);
  capped.searchParams.set('options', `-c statement_timeout=${capMs}`);
  return createDatabase(capped.toString(), 10);
}

/** Adds `count` small communities (their own channel and `eventsEach` activity rows) for the digest sweep. */
export async function seedSweep(db: Db, world: World, count: number, eventsEach: number): Promise<number[]> {
  const rows = await sql<{ id: number }>`insert into community (team_id, name, created_by, alert_thresholds, created_at)
    select ${world.teamId}, 'sweep-' || g, ${world.members[0]}, '{}', now() - interval '400 days' from generate_series(1, ${count}) g
    returning id`.execute(db);
  const ids = rows.rows.map((r) => r.id);
  // One statement for all of them; each community has its own 50 members, so its queries touch realistic user counts.
  await bulkLoad(db, 'activity_event', async () => {
    await sql`insert into activity_event (team_id, community_id, channel_id, user_id, kind, occurred_at, is_reply, item_ts)
      select ${world.teamId}, c.id, 'CSWEEP' || c.i, r.u, r.kind, r.t, r.kind = 'message' and random() < 0.35,
        extract(epoch from r.t)::bigint || '.' || lpad(g::text, 6, '0')
      from unnest(${ids}::int[]) with ordinality c(id, i), (select ${world.members}::text[] as m) p, generate_series(1, ${eventsEach}) g,
      lateral (select m[1 + ((c.i * 50 + floor(50 * power(random(), 2))::int + g * 0) % cardinality(m))] as u,
        (array['message','message','message','reaction_added','reaction_added','question_asked','answer_posted','member_joined'])[1 + floor(random() * 8)::int + g * 0] as kind,
        now() - random() * interval '120 days' + g * interval '0' as t) r`.execute(db);
  });
  return ids;
}

export interface SweepResult extends Record<string, number> {
  totalMs: number;
  perCommunityP50: number;
  perCommunityP95: number;
}

/** Measures every sweep community, four at a time (the worker's default concurrency). */
export async function sweep(db: Db, ids: number[]): Promise<SweepResult> {
  const start = performance.now();
  const each = await latencies(ids.length, 4, (i) => digestOnce(db, ids[i] as number));
  return { totalMs: performance.now() - start, perCommunityP50: median(each), perCommunityP95: percentile(each, 95) };
}
