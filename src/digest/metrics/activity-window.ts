import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { communityPairs, PairMap, type PairSummary } from './member-history.js';
import { CONTRIBUTION_KINDS, ENGAGED_KINDS, hoursBefore, list, MEMBERSHIP_KINDS, withoutParallelism } from './sql.js';
import type { MetricWindow } from './types.js';
import { type WeekTotals, weekTotals } from './week-totals.js';

type Db = Kysely<Database>;
const DAY = 24;

/**
 * What one (user, team) did in the community during the recent window [from, t0) (see windowBounds). Bot status and
 * the shout-out opt-out come along, so callers apply the "human" filter per pair: it depends on nothing else.
 * Instants are epoch microseconds (exact, as stored; see micros): cheaper than 10k×7 Date parses, and comparable with
 * the window bounds without rounding.
 */
export interface MemberFact {
  userId: string;
  teamId: string;
  bot: boolean;
  optedOut: boolean;
  engagedWeek: boolean;
  engagedPrev: boolean;
  engaged28d: boolean;
  /** Engaged in the last 21 days (the lapsing-core silence). */
  engagedRecent: boolean;
  lastEngaged: number | null;
  /**
   * The first and last engaged events in each half of the window, [from, prevStart) and [prevStart, t0): enough to
   * tell, for almost every join, whether the user engaged within 14 days of it (C3) without reading more events.
   */
  engagedSpans: readonly EngagedSpan[];
  lastContribution: number | null;
  /** The first member_joined of the last 28 days (C3 and F2 newcomers). */
  joinedAt: number | null;
  lastJoin: number | null;
  lastLeft: number | null;
}

/** The first and last engaged events of a pair in one half of the window (epoch µs). */
export interface EngagedSpan {
  first: number;
  last: number;
}

/** The instants every metric window is cut at, from the week [start, t0). */
export function windowBounds(w: MetricWindow) {
  const t0 = w.end;
  const prevStart = hoursBefore(w.start, 7 * DAY);
  const since28 = hoursBefore(t0, 28 * DAY);
  const lapsedFrom = hoursBefore(w.start, 28 * DAY);
  // The member window is the last 28 days, the earliest the engagement flags and C3's joins need (the previous week
  // starts ~14 days before t0). C4's "28 days before the week's start" is older: the few members who contributed
  // then but not since are looked up one by one (see membership.ts), which costs less than 7 more days of events.
  const from = new Date(Math.min(prevStart.getTime(), since28.getTime()));
  return { t0, prevStart, since28, lapsedFrom, silentSince: hoursBefore(t0, 21 * DAY), from };
}

/**
 * The community's recent activity, read once per digest and shared by the metric groups (each call is memoized):
 * the events of the last weeks are read from the covering time index in one pass per question, never the history.
 */
export class ActivityWindow {
  #facts?: Promise<MemberFact[]>;
  #byPair?: Promise<PairMap<MemberFact>>;
  #totals?: Promise<WeekTotals>;
  #pairs?: Promise<PairSummary[]>;
  #membership?: Promise<MembershipRow[]>;

  constructor(
    private readonly db: Db,
    readonly w: MetricWindow,
  ) {}

  /** One row per (user, team) active in the member window. */
  facts(): Promise<MemberFact[]> {
    this.#facts ??= memberFacts(this.db, this.w, this.membership());
    return this.#facts;
  }

  /** The same rows, by pair. */
  factsByPair(): Promise<PairMap<MemberFact>> {
    this.#byPair ??= this.facts().then((facts) => {
      const map = new PairMap<MemberFact>();
      for (const f of facts) map.set(f, f);
      return map;
    });
    return this.#byPair;
  }

  /** The week's counters, over [start of the previous week, t0). */
  totals(): Promise<WeekTotals> {
    this.#totals ??= weekTotals(this.db, this.w);
    return this.#totals;
  }

  /** The joins and leaves of the member window, per pair (a small read: it does not wait for facts). */
  membership(): Promise<MembershipRow[]> {
    this.#membership ??= membershipFacts(this.db, this.w);
    return this.#membership;
  }

  /**
   * Every (user, team) with an event in the community, ever (the members the window cannot see), with its bot flag
   * and first event and contribution: read from activity_member_summary, which the activity_event triggers keep.
   */
  pairs(): Promise<PairSummary[]> {
    this.#pairs ??= communityPairs(this.db, this.w.communityId);
    return this.#pairs;
  }
}

/** Epoch microseconds of a Date (window bounds are whole milliseconds). */
export const micros = (d: Date) => d.getTime() * 1000;

type ActivityRow = Pick<MemberFact, 'userId' | 'teamId' | 'bot' | 'optedOut' | 'lastContribution'> & {
  firstEngaged: number | null;
  lastEngaged: number | null;
  lastEngagedBefore: number | null;
};
/** A pair's joins and leaves in the member window (epoch µs). */
export type MembershipRow = Pick<MemberFact, 'userId' | 'teamId' | 'joinedAt' | 'lastJoin' | 'lastLeft'>;

const us = (agg: RawBuilder<unknown>) => sql`(extract(epoch from ${agg}) * 1000000)::bigint`;

/**
 * The per-pair aggregates over one half of the member window, [from, to). The previous week lies in the later half,
 * so only that half reads "last engaged before the week" (`withPreviousWeek`). Membership events are aggregated
 * apart (membershipFacts); this pass reads them too, so a pair whose only recent events are joins is still a row.
 */
async function activitySlice(
  db: Db,
  w: MetricWindow,
  from: Date,
  to: Date,
  withPreviousWeek: boolean,
): Promise<ActivityRow[]> {
  const eng = sql`e.kind in (${list(ENGAGED_KINDS)})`;
  const contrib = sql`e.kind in (${list(CONTRIBUTION_KINDS)})`;
  const before = withPreviousWeek
    ? us(sql`max(e.occurred_at) filter (where ${eng} and e.occurred_at < ${w.start})`)
    : sql`null::bigint`;
  // Grouping by pair first (a hash aggregate over the window) and joining member once per pair afterwards is
  // cheaper than the per-event bot check, and exact: bot status is a function of the pair. Few, plain aggregates:
  // hashing ~115k rows by (user, team) is most of the cost, each filtered aggregate adds ~5 % (the window flags
  // derive from the last engaged times; the first contribution comes from activity_member_summary; classifying
  // kinds in a subquery first cost twice as much).
  const rows = await withoutParallelism(db, (trx) =>
    sql<ActivityRow>`
    select f.*, coalesce(m.is_bot, false) as bot, coalesce(m.shoutout_opt_out, false) as "optedOut"
    from (
      select e.user_id as "userId", e.team_id as "teamId",
        ${us(sql`min(e.occurred_at) filter (where ${eng})`)} as "firstEngaged",
        ${us(sql`max(e.occurred_at) filter (where ${eng})`)} as "lastEngaged",
        ${before} as "lastEngagedBefore",
        ${us(sql`max(e.occurred_at) filter (where ${contrib})`)} as "lastContribution"
      from activity_event e
      where e.community_id = ${w.communityId} and e.occurred_at >= ${from} and e.occurred_at < ${to}
      group by e.user_id, e.team_id
    ) f
    left join member m on m.team_id = f."teamId" and m.user_id = f."userId"`.execute(trx),
  );
  return rows.rows;
}

/**
 * Each pair's joins and leaves in the member window, from the partial index of membership events (~8 % of the
 * rows): the first join of the last 28 days and the last join and leave.
 */
async function membershipFacts(db: Db, w: MetricWindow): Promise<MembershipRow[]> {
  const b = windowBounds(w);
  // The kinds are literals so the planner matches the partial index's predicate. A small read (~18k index tuples at
  // 1M events) below the cost where a parallel plan is considered, so no transaction to turn those off.
  const rows = await sql<MembershipRow>`
    select e.user_id as "userId", e.team_id as "teamId",
      ${us(sql`min(e.occurred_at) filter (where e.kind = 'member_joined' and e.occurred_at >= ${b.since28})`)} as "joinedAt",
      ${us(sql`max(e.occurred_at) filter (where e.kind = 'member_joined')`)} as "lastJoin",
      ${us(sql`max(e.occurred_at) filter (where e.kind = 'member_left')`)} as "lastLeft"
    from activity_event e
    where e.community_id = ${w.communityId} and e.kind in (${list(MEMBERSHIP_KINDS)})
      and e.occurred_at >= ${b.from} and e.occurred_at < ${b.t0}
    group by e.user_id, e.team_id`.execute(db);
  return rows.rows;
}

/**
 * One row per (user, team) active in the member window. The window is aggregated in two halves on two connections
 * and merged here: it is the digest's largest read (~230k rows at 1M events), and splitting it lets both cores work
 * on it while the smaller queries are done. The halves meet at the previous week's start.
 */
async function memberFacts(db: Db, w: MetricWindow, membershipRows: Promise<MembershipRow[]>): Promise<MemberFact[]> {
  const b = windowBounds(w);
  const [early, late, membership] = await Promise.all([
    activitySlice(db, w, b.from, b.prevStart, false),
    activitySlice(db, w, b.prevStart, b.t0, true),
    membershipRows,
  ]);
  const joins = new PairMap<MembershipRow>();
  for (const m of membership) joins.set(m, m);
  const since = (t: number | null, bound: Date) => t !== null && t >= micros(bound);
  const max = (x: number | null, y: number | null) => (x === null ? y : y === null ? x : Math.max(x, y));
  const span = (r: ActivityRow): EngagedSpan[] =>
    r.firstEngaged === null || r.lastEngaged === null ? [] : [{ first: r.firstEngaged, last: r.lastEngaged }];
  // Plain object literals, built once: pg's row objects are slow to spread or update in place.
  const earlier = new PairMap<ActivityRow>();
  for (const row of early) earlier.set(row, row);
  const facts: MemberFact[] = [];
  const add = (before: ActivityRow | undefined, after: ActivityRow | undefined) => {
    const row = (after ?? before) as ActivityRow;
    const lastEngaged = max(before?.lastEngaged ?? null, after?.lastEngaged ?? null);
    const m = joins.get(row);
    facts.push({
      userId: row.userId,
      teamId: row.teamId,
      bot: row.bot,
      optedOut: row.optedOut,
      engagedWeek: since(lastEngaged, w.start),
      // The earlier half ends where the previous week starts: only the later half can say.
      engagedPrev: since(after?.lastEngagedBefore ?? null, b.prevStart),
      engaged28d: since(lastEngaged, b.since28),
      engagedRecent: since(lastEngaged, b.silentSince),
      lastEngaged,
      engagedSpans: [...(before ? span(before) : []), ...(after ? span(after) : [])],
      lastContribution: max(before?.lastContribution ?? null, after?.lastContribution ?? null),
      joinedAt: m?.joinedAt ?? null,
      lastJoin: m?.lastJoin ?? null,
      lastLeft: m?.lastLeft ?? null,
    });
  };
  const inLate = new PairMap<true>();
  for (const row of late) {
    add(earlier.get(row), row);
    inLate.set(row, true);
  }
  for (const row of early) if (!inLate.has(row)) add(row, undefined);
  return facts;
}
