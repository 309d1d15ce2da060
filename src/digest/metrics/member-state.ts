import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { windowBounds } from './activity-window.js';
import { type DayCuts, dayCuts, daySegment, rollupDays, timeSegment } from './day-cuts.js';
import type { Pair } from './member-history.js';
import { CONTRIBUTION_KINDS, ENGAGED_KINDS, list, MEMBERSHIP_KINDS, withoutParallelism } from './sql.js';
import type { MetricWindow } from './types.js';

type Db = Kysely<Database>;

/**
 * The yes/no facts of a MemberState, as bits of one integer column: ten boolean columns per pair cost the driver
 * ten parses per row, and the digest reads ~10k rows.
 */
export const MemberFlag = {
  bot: 1,
  /** Opted out of shout-outs. */
  optedOut: 2,
  /** Has an event (any kind) in the member window [from, t0). */
  inWindow: 4,
  /** Has an event before t0 (the summary's first event). */
  seen: 8,
  /** Engaged in the week, the previous week, the last 28 days, the last 21 days (the lapsing-core silence). */
  engagedWeek: 16,
  engagedPrev: 32,
  engaged28d: 64,
  engagedRecent: 128,
  /** Contributed in the member window (C4: not lapsed). */
  contributedInWindow: 256,
  /** First contributed before the last 28 days (C4: could have lapsed). */
  contributedBefore28: 512,
  /** Left the community at least once before t0 (the summary's first leave): the channel estimate must look. */
  leftBefore: 1024,
} as const;

/**
 * One (user, team) that has an event in the community, ever (from activity_member_summary, kept by the
 * activity_event triggers), and what the member window says of it. Instants are epoch microseconds (exact, as
 * stored): cheaper than Date parses, and comparable with the window bounds without rounding.
 */
export interface MemberState extends Pair {
  /** Bits of MemberFlag. */
  flags: number;
  /**
   * Bits of the user's pairs together (the rows come ordered by user, so a user's pairs are adjacent): engaged in the
   * week, previous week or last 28 days and contributed in the window, over the user's human pairs; engaged in the
   * last 21 days over all of them (see HUMAN_USER_FLAGS).
   */
  userFlags: number;
  /** The first contribution ever, when it falls in the week (C2). */
  weekContribution: number | null;
  /** The first member_joined of the last 28 days (C3). */
  joinedAt: number | null;
  /** The last member_joined and member_left in the member window (the channel estimate). */
  lastJoin: number | null;
  lastLeft: number | null;
  /**
   * The first and last engaged events in each half of the window, [from, prevStart) and [prevStart, t0): enough to
   * tell, for almost every join, whether the user engaged within 14 days of it (C3) without reading more events.
   */
  earlyFirst: number | null;
  earlyLast: number | null;
  lateFirst: number | null;
  lateLast: number | null;
}

/** The flags userFlags combines over a user's human pairs. */
const HUMAN_USER_FLAGS =
  MemberFlag.engagedWeek | MemberFlag.engagedPrev | MemberFlag.engaged28d | MemberFlag.contributedInWindow;

export const has = (m: MemberState, flag: number) => (m.flags & flag) !== 0;

const us = (value: RawBuilder<unknown>) => sql`(extract(epoch from ${value}) * 1000000)::bigint`;
const bit = (condition: RawBuilder<unknown>, flag: number) =>
  sql`case when ${condition} then ${sql.lit(flag)} else 0 end`;

/**
 * The window's rows per pair and half: activity_member_day for the whole days, the events of the days a bound cuts.
 * Each event is classified once, in a subquery kept apart from the rest (`offset 0`): otherwise PostgreSQL
 * substitutes the kind tests into every expression that uses them.
 */
function windowRows(w: MetricWindow, cuts: DayCuts) {
  const rollup = sql`
    select r.pair_id, ${daySegment(cuts, sql`r.day`)} as half, r.first_engaged_at as first_engaged,
      r.last_engaged_at as last_engaged, r.last_contribution_at as contributed
    from activity_member_day r where ${rollupDays(cuts, w.communityId)}`;
  const events = cuts.raw.map(
    (range) => sql`
    select s.pair_id, ${timeSegment(cuts, sql`x.occurred_at`)}, x.engaged, x.engaged, x.contributed
    from (
      select e.user_id, e.team_id, e.occurred_at,
        case when e.kind in (${list(ENGAGED_KINDS)}) then e.occurred_at end as engaged,
        case when e.kind in (${list(CONTRIBUTION_KINDS)}) then e.occurred_at end as contributed
      from activity_event e
      where e.community_id = ${w.communityId} and e.occurred_at >= ${range.from} and e.occurred_at < ${range.to}
      offset 0
    ) x
    join activity_member_summary s on s.community_id = ${w.communityId} and s.user_id = x.user_id and s.team_id = x.team_id`,
  );
  return sql.join([rollup, ...events], sql` union all `);
}

/**
 * Per pair (by pair_id: one integer hashes at half the cost of two text columns, and the window holds ~130k
 * member-days at 1M events), the first and last engaged events of each half and the last contribution.
 */
function windowAggregate(w: MetricWindow, b: ReturnType<typeof windowBounds>) {
  const cuts = dayCuts([b.from, b.prevStart, b.t0]);
  return sql`
    select x.pair_id,
      min(x.first_engaged) filter (where x.half = 0) as early_first,
      max(x.last_engaged) filter (where x.half = 0) as early_last,
      min(x.first_engaged) filter (where x.half = 1) as late_first,
      max(x.last_engaged) filter (where x.half = 1) as late_last,
      max(x.contributed) as contributed
    from (${windowRows(w, cuts)}) x
    group by x.pair_id`;
}

/**
 * Every pair of the community with its window facts, in one statement: the summary's pairs, their bot and opt-out
 * flags, the window aggregate and the window's joins and leaves (from the partial index of membership events).
 * Ordered by user (bytewise), with the user's flags on each row, so the metrics combine a user's pairs without
 * hashing 10k user ids (a Set of them cost more than the rest of the metrics' JavaScript).
 */
export async function memberStates(
  db: Db,
  w: MetricWindow,
  b: ReturnType<typeof windowBounds>,
): Promise<MemberState[]> {
  const last = sql`greatest(w.early_last, w.late_last)`;
  const F = MemberFlag;
  // The late half starts at prevStart, so its first engaged event is before the week's start exactly when the user
  // engaged in the previous week.
  const flags = sql.join(
    [
      bit(sql`m.is_bot`, F.bot),
      bit(sql`m.shoutout_opt_out`, F.optedOut),
      bit(sql`w.pair_id is not null`, F.inWindow),
      bit(sql`s.first_event_at < ${b.t0}`, F.seen),
      bit(sql`w.late_last >= ${w.start}`, F.engagedWeek),
      bit(sql`w.late_first < ${w.start}`, F.engagedPrev),
      bit(sql`${last} >= ${b.since28}`, F.engaged28d),
      bit(sql`${last} >= ${b.silentSince}`, F.engagedRecent),
      bit(sql`w.contributed is not null`, F.contributedInWindow),
      bit(sql`s.first_contribution_at < ${b.since28}`, F.contributedBefore28),
      bit(sql`s.first_leave_at < ${b.t0}`, F.leftBefore),
    ],
    sql` + `,
  );
  // userFlags is filled in below; selecting it makes pg create each row with it, so setting it keeps the rows' shape.
  const rows = await withoutParallelism(db, (trx) =>
    sql<MemberState>`
      select s.user_id as "userId", s.team_id as "teamId", (${flags})::int as flags, 0 as "userFlags",
        case when s.first_contribution_at >= ${w.start} and s.first_contribution_at < ${b.t0}
          then ${us(sql`s.first_contribution_at`)} end as "weekContribution",
        ${us(sql`j.joined_at`)} as "joinedAt", ${us(sql`j.last_join`)} as "lastJoin", ${us(sql`j.last_left`)} as "lastLeft",
        ${us(sql`w.early_first`)} as "earlyFirst", ${us(sql`w.early_last`)} as "earlyLast",
        ${us(sql`w.late_first`)} as "lateFirst", ${us(sql`w.late_last`)} as "lateLast"
      from activity_member_summary s
      left join member m on m.team_id = s.team_id and m.user_id = s.user_id
      left join (${windowAggregate(w, b)}) w on w.pair_id = s.pair_id
      left join (
        -- The kinds are literals so the planner matches the partial index's predicate.
        select e.user_id, e.team_id,
          min(e.occurred_at) filter (where e.kind = 'member_joined' and e.occurred_at >= ${b.since28}) as joined_at,
          max(e.occurred_at) filter (where e.kind = 'member_joined') as last_join,
          max(e.occurred_at) filter (where e.kind = 'member_left') as last_left
        from activity_event e
        where e.community_id = ${w.communityId} and e.kind in (${list(MEMBERSHIP_KINDS)})
          and e.occurred_at >= ${b.from} and e.occurred_at < ${b.t0}
        group by e.user_id, e.team_id
      ) j on j.user_id = s.user_id and j.team_id = s.team_id
      where s.community_id = ${w.communityId}
      order by s.user_id collate "C"`.execute(trx),
  );
  const members = rows.rows;
  // A user's flags over their pairs: a loop over the ordered rows costs less than window aggregates in the statement.
  forEachUser(members, (start, end) => {
    let user = 0;
    for (let i = start; i < end; i++) {
      const f = members[i].flags;
      user |= f & MemberFlag.engagedRecent;
      if ((f & MemberFlag.bot) === 0) user |= f & HUMAN_USER_FLAGS;
    }
    for (let i = start; i < end; i++) members[i].userFlags = user;
  });
  return members;
}

/** Calls `each(start, end)` for each user's run of rows [start, end): memberStates orders the rows by user. */
export function forEachUser(members: MemberState[], each: (start: number, end: number) => void): void {
  let start = 0;
  for (let i = 1; i <= members.length; i++)
    if (i === members.length || members[i].userId !== members[start].userId) {
      each(start, i);
      start = i;
    }
}
