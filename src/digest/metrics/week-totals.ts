import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { energyCase } from './energy.js';
import { hoursBefore, human, list, num, THANKS_EMOJI, withoutParallelism } from './sql.js';
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

/**
 * The week's counters (B4, C1, E2, F1 thanks) in one index-only pass over [start of the previous week, t0), instead
 * of one query per metric group over the same rows.
 */
export async function weekTotals(db: Db, w: MetricWindow): Promise<WeekTotals> {
  const prevStart = hoursBefore(w.start, 7 * 24);
  const week = sql`e.occurred_at >= ${w.start}`;
  const r = await withoutParallelism(db, (trx) =>
    sql<Record<keyof WeekTotals, number>>`
    select coalesce(sum(${energyCase()}) filter (where ${week}), 0) as energy,
           coalesce(sum(${energyCase()}) filter (where not ${week}), 0) as "energyPrev",
           count(*) filter (where ${week} and e.kind = 'message' and not e.is_reply) as messages,
           count(*) filter (where ${week} and e.kind = 'message' and e.is_reply) as replies,
           count(*) filter (where ${week} and e.kind = 'reaction_added') as reactions,
           count(*) filter (where ${week} and e.kind = 'member_joined') as joined,
           count(*) filter (where ${week} and e.kind = 'member_left') as left,
           count(*) filter (where ${week} and e.kind = 'knowledge_viewed') as views,
           count(distinct e.user_id) filter (where ${week} and e.kind = 'knowledge_viewed') as viewers,
           count(*) filter (where ${week} and e.kind = 'knowledge_reused') as reuses,
           count(*) filter (where ${week} and e.kind = 'reaction_added' and e.emoji in (${list(THANKS_EMOJI)})) as "thanksGiven"
    from activity_event e
    where e.community_id = ${w.communityId} and e.occurred_at >= ${prevStart} and e.occurred_at < ${w.end}
      and ${human('e.team_id', 'e.user_id')}`.execute(trx),
  );
  const row = r.rows[0];
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, num(v)])) as unknown as WeekTotals;
}
