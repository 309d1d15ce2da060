import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { type DayCuts, dayCuts, daySegment, rollupDays, timeSegment } from './day-cuts.js';
import { energyCase } from './energy.js';
import { hoursBefore, list, num, THANKS_EMOJI, withoutParallelism } from './sql.js';
import type { MetricWindow } from './types.js';

type Db = Kysely<Database>;

/** Counters of the week (and the week before, for energy) over human events. */
export interface WeekTotals {
  energy: number;
  energyPrev: number;
  messages: number;
  replies: number;
  reactions: number;
  joined: number;
  left: number;
  views: number;
  viewers: number;
  reuses: number;
  thanksGiven: number;
}

const COUNTERS = [
  'energy',
  'messages',
  'replies',
  'reactions',
  'joins',
  'leaves',
  'views',
  'reuses',
  'thanks',
] as const;

/** The counters of one event aliased `e`, in COUNTERS order (what activity_member_day sums per day and member). */
function eventCounters(): RawBuilder<unknown> {
  const one = (condition: RawBuilder<unknown>) => sql`case when ${condition} then 1 else 0 end`;
  return sql.join([
    energyCase(),
    one(sql`e.kind = 'message' and not e.is_reply`),
    one(sql`e.kind = 'message' and e.is_reply`),
    one(sql`e.kind = 'reaction_added'`),
    one(sql`e.kind = 'member_joined'`),
    one(sql`e.kind = 'member_left'`),
    one(sql`e.kind = 'knowledge_viewed'`),
    one(sql`e.kind = 'knowledge_reused'`),
    one(sql`e.kind = 'reaction_added' and e.emoji in (${list(THANKS_EMOJI)})`),
  ]);
}

/** Rows of [start of the previous week, t0) per member and day, with `week` 0 (previous week) or 1. */
function counterRows(w: MetricWindow, cuts: DayCuts): RawBuilder<unknown> {
  const rollup = sql`select r.pair_id, ${daySegment(cuts, sql`r.day`)} as week, ${sql.join(COUNTERS.map((c) => sql.ref(`r.${c}`)))}
    from activity_member_day r where ${rollupDays(cuts, w.communityId)}`;
  const events = cuts.raw.map(
    (range) => sql`select s.pair_id, ${timeSegment(cuts, sql`e.occurred_at`)}, ${eventCounters()}
    from activity_event e
    join activity_member_summary s on s.community_id = e.community_id and s.user_id = e.user_id and s.team_id = e.team_id
    where e.community_id = ${w.communityId} and e.occurred_at >= ${range.from} and e.occurred_at < ${range.to}`,
  );
  return sql.join([rollup, ...events], sql` union all `);
}

/** Pair ids of the knowledge viewers of [start, t0) (E2's distinct viewers; bots are filtered by the caller). */
function viewerPairs(w: MetricWindow): RawBuilder<unknown> {
  const cuts = dayCuts([w.start, w.end]);
  const rollup = sql`select r.pair_id from activity_member_day r where ${rollupDays(cuts, w.communityId)} and r.views > 0`;
  const events = cuts.raw.map(
    (range) => sql`select s.pair_id from activity_event e
    join activity_member_summary s on s.community_id = e.community_id and s.user_id = e.user_id and s.team_id = e.team_id
    where e.community_id = ${w.communityId} and e.occurred_at >= ${range.from} and e.occurred_at < ${range.to}
      and e.kind = 'knowledge_viewed'`,
  );
  return sql.join([rollup, ...events], sql` union all `);
}

/**
 * The week's counters (B4, C1, E2, F1 thanks) over [start of the previous week, t0), summed from activity_member_day
 * (~5k rows a day at 1M events instead of ~8k events; the days a bound cuts come from their events). Bots' pairs
 * are left out by pair id. One row per week: plain sums, no filter evaluated per row.
 */
export async function weekTotals(db: Db, w: MetricWindow): Promise<WeekTotals> {
  const cuts = dayCuts([hoursBefore(w.start, 7 * 24), w.start, w.end]);
  const sums = sql.join(COUNTERS.map((c) => sql`coalesce(sum(x.${sql.raw(c)}), 0) as ${sql.ref(c)}`));
  const r = await withoutParallelism(db, (trx) =>
    sql<Record<(typeof COUNTERS)[number] | 'week' | 'viewers', number>>`
    with bots as (
      select s.pair_id from activity_member_summary s join member m on m.team_id = s.team_id and m.user_id = s.user_id
      where s.community_id = ${w.communityId} and m.is_bot
    )
    select x.week, ${sums},
      (select count(distinct s.user_id) from activity_member_summary s
        where s.pair_id in (select v.pair_id from (${viewerPairs(w)}) v (pair_id))
          and s.pair_id not in (select pair_id from bots)) as viewers
    from (${counterRows(w, cuts)}) x (pair_id, week, ${sql.raw(COUNTERS.join(', '))})
    where x.pair_id not in (select pair_id from bots)
    group by x.week`.execute(trx),
  );
  const week = r.rows.find((row) => num(row.week) === 1);
  const prev = r.rows.find((row) => num(row.week) === 0);
  const get = (row: (typeof r.rows)[number] | undefined, c: (typeof COUNTERS)[number]) => num(row?.[c]);
  return {
    energy: get(week, 'energy'),
    energyPrev: get(prev, 'energy'),
    messages: get(week, 'messages'),
    replies: get(week, 'replies'),
    reactions: get(week, 'reactions'),
    joined: get(week, 'joins'),
    left: get(week, 'leaves'),
    views: get(week, 'views'),
    // The same for both rows (an uncorrelated subquery); absent when the fortnight has no human activity.
    viewers: num(week?.viewers ?? prev?.viewers),
    reuses: get(week, 'reuses'),
    thanksGiven: get(week, 'thanks'),
  };
}
