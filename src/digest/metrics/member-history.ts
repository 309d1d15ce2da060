import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { CONTRIBUTION_KINDS, ENGAGED_KINDS, list } from './sql.js';

type Db = Kysely<Database>;

/**
 * Per-member look-ups beyond the digest's recent window, each one descent of
 * activity_event_community_member_kind_index (community_id, user_id, team_id, kind, occurred_at) per member and
 * kind: the metrics ask them only of the members the window leaves undecided, so no query reads a community's whole
 * history.
 */

/** A (user, team) pair: the unit the "human" filter and several metrics group by. */
export interface Pair {
  userId: string;
  teamId: string;
}

const columns = (pairs: Pair[]) => ({
  users: pairs.map((p) => p.userId),
  teams: pairs.map((p) => p.teamId),
});

/**
 * A pair with its bot flag and its first event and first contribution ever (epoch µs; null when it has only reacted,
 * joined…).
 */
export interface PairSummary extends Pair {
  bot: boolean;
  firstEvent: number;
  firstContribution: number | null;
}

/**
 * A map keyed by pair, without building a key string per look-up: the digest looks up ~10k pairs several times,
 * and a fresh concatenated key costs an allocation and a hash each time.
 */
export class PairMap<T> {
  readonly #byTeam = new Map<string, Map<string, T>>();

  set(p: Pair, value: T): void {
    let users = this.#byTeam.get(p.teamId);
    if (!users) {
      users = new Map();
      this.#byTeam.set(p.teamId, users);
    }
    users.set(p.userId, value);
  }

  get(p: Pair): T | undefined {
    return this.#byTeam.get(p.teamId)?.get(p.userId);
  }

  has(p: Pair): boolean {
    return this.#byTeam.get(p.teamId)?.has(p.userId) ?? false;
  }

  *values(): IterableIterator<T> {
    for (const users of this.#byTeam.values()) yield* users.values();
  }
}

/**
 * Every (user, team) that ever has an event in the community, from activity_member_summary (kept by the
 * activity_event triggers, migration 2026_11_29_14_10_00): one read of the community's summary rows instead of a
 * loose index scan over its events (one descent per pair).
 */
export async function communityPairs(db: Db, communityId: number): Promise<PairSummary[]> {
  const rows = await sql<PairSummary>`
    select s.user_id as "userId", s.team_id as "teamId", coalesce(m.is_bot, false) as bot,
      (extract(epoch from s.first_event_at) * 1000000)::bigint as "firstEvent",
      (extract(epoch from s.first_contribution_at) * 1000000)::bigint as "firstContribution"
    from activity_member_summary s left join member m on m.team_id = s.team_id and m.user_id = s.user_id
    where s.community_id = ${communityId}
    order by s.user_id, s.team_id`.execute(db);
  return rows.rows;
}

/** For each pair: its last join and leave before t0 (epoch µs). */
export async function pairHistory(db: Db, communityId: number, pairs: Pair[], t0: Date) {
  if (pairs.length === 0) return [];
  const { users, teams } = columns(pairs);
  const before = (
    kind: string,
  ) => sql`(select (extract(epoch from max(e.occurred_at)) * 1000000)::bigint from activity_event e
    where e.community_id = ${communityId} and e.user_id = x.user_id and e.team_id = x.team_id
      and e.kind = ${kind} and e.occurred_at < ${t0})`;
  const rows = await sql<Pair & { lastJoin: number | null; lastLeft: number | null }>`
    select x.user_id as "userId", x.team_id as "teamId",
      ${before('member_joined')} as "lastJoin", ${before('member_left')} as "lastLeft"
    from unnest(${users}::text[], ${teams}::text[]) as x(user_id, team_id)`.execute(db);
  return rows.rows;
}

/**
 * For each pair: whether it is a bot, and its last contribution in [from, to) (epoch µs, or null): one backward
 * descent per contribution kind.
 */
export async function lastContributionBetween(db: Db, communityId: number, pairs: Pair[], from: Date, to: Date) {
  if (pairs.length === 0) return [];
  const { users, teams } = columns(pairs);
  const last = (kind: string) => sql`(select max(e.occurred_at) from activity_event e
    where e.community_id = ${communityId} and e.user_id = x.user_id and e.team_id = x.team_id and e.kind = ${kind}
      and e.occurred_at >= ${from} and e.occurred_at < ${to})`;
  const rows = await sql<Pair & { bot: boolean; at: number | null }>`
    select x.user_id as "userId", x.team_id as "teamId", coalesce(m.is_bot, false) as bot,
      (extract(epoch from greatest(${sql.join(CONTRIBUTION_KINDS.map(last))})) * 1000000)::bigint as at
    from unnest(${users}::text[], ${teams}::text[]) as x(user_id, team_id)
    left join member m on m.team_id = x.team_id and m.user_id = x.user_id`.execute(db);
  return rows.rows;
}

/** An epoch-microseconds bigint expression as a timestamptz, exactly (no float on the way). */
export function fromMicros(column: string): RawBuilder<Date> {
  return sql<Date>`(timestamptz 'epoch' + ${sql.ref(column)} * interval '1 microsecond')`;
}

/**
 * Which of the joins (pair, joined at, epoch microseconds) have an engaged event of their pair in
 * [joined, joined + interval '14 days') before t0 (C3, with the interval arithmetic of the original query); returns
 * the indexes of those that do.
 */
export async function engagedWithin14Days(
  db: Db,
  communityId: number,
  joins: Array<Pair & { joined: number }>,
  t0: Date,
): Promise<Set<number>> {
  if (joins.length === 0) return new Set();
  const { users, teams } = columns(joins);
  const rows = await sql<{ i: number }>`
    select x.i from unnest(${users}::text[], ${teams}::text[], ${joins.map((j) => j.joined)}::bigint[])
      with ordinality as x(user_id, team_id, joined, i)
    where exists (select 1 from activity_event e where e.community_id = ${communityId} and e.user_id = x.user_id
      and e.team_id = x.team_id and e.kind in (${list(ENGAGED_KINDS)}) and e.occurred_at >= ${fromMicros('x.joined')}
      and e.occurred_at < ${fromMicros('x.joined')} + interval '14 days' and e.occurred_at < ${t0})`.execute(db);
  return new Set(rows.rows.map((r) => Number(r.i) - 1));
}

/** Each pair's bot flag and the distinct UTC days of its engaged events in [from, to). */
export async function engagedDays(db: Db, communityId: number, pairs: Pair[], from: Date, to: Date) {
  if (pairs.length === 0) return [];
  const { users, teams } = columns(pairs);
  const rows = await sql<Pair & { bot: boolean; days: string[] }>`
    select x.user_id as "userId", x.team_id as "teamId", coalesce(m.is_bot, false) as bot,
      array(select distinct (e.occurred_at at time zone 'UTC')::date::text from activity_event e
        where e.community_id = ${communityId} and e.user_id = x.user_id and e.team_id = x.team_id
          and e.kind in (${list(ENGAGED_KINDS)}) and e.occurred_at >= ${from} and e.occurred_at < ${to}) as days
    from unnest(${users}::text[], ${teams}::text[]) as x(user_id, team_id)
    left join member m on m.team_id = x.team_id and m.user_id = x.user_id`.execute(db);
  return rows.rows;
}
