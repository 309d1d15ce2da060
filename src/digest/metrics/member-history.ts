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

/** For each pair, in the order given: its last join and leave before t0 (epoch µs). */
export async function pairHistory(db: Db, communityId: number, pairs: Pair[], t0: Date) {
  if (pairs.length === 0) return [];
  const { users, teams } = columns(pairs);
  const before = (kind: string) => sql`(select (extract(epoch from max(e.occurred_at)) * 1000000)::bigint
    from activity_event e where e.community_id = ${communityId} and e.user_id = x.user_id and e.team_id = x.team_id
      and e.kind = ${kind} and e.occurred_at < ${t0})`;
  const rows = await sql<{ lastJoin: number | null; lastLeft: number | null }>`
    select ${before('member_joined')} as "lastJoin", ${before('member_left')} as "lastLeft"
    from unnest(${users}::text[], ${teams}::text[]) with ordinality as x(user_id, team_id, i)
    order by x.i`.execute(db);
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
