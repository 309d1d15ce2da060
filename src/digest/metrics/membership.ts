import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { CONTRIBUTION_KINDS, ENGAGED_KINDS, hoursBefore, human, list, num, ratio } from './sql.js';
import type { MembershipMetrics, MetricWindow } from './types.js';

type Db = Kysely<Database>;
const DAY = 24;

/** C1–C4, plus the "lapsing core" list the alert needs. Only events before t0 are read, so past weeks recompute the same. */
export async function membershipMetrics(db: Db, w: MetricWindow): Promise<MembershipMetrics> {
  const t0 = w.end;
  const c = w.communityId;

  const moves = await sql<{ joined: number; left: number }>`
    select count(*) filter (where kind = 'member_joined') as joined, count(*) filter (where kind = 'member_left') as left
    from activity_event e
    where e.community_id = ${c} and e.occurred_at >= ${w.start} and e.occurred_at < ${t0} and ${human('e.team_id', 'e.user_id')}`.execute(
    db,
  );

  // C2: the first contribution ever (in this community) falls in the week.
  const newContributors = await sql<{ user_id: string; opted_out: boolean }>`
    select e.user_id, exists (
             select 1 from member m where m.team_id = e.team_id and m.user_id = e.user_id and m.shoutout_opt_out
           ) as opted_out
    from activity_event e
    where e.community_id = ${c} and e.occurred_at < ${t0} and e.kind in (${list(CONTRIBUTION_KINDS)})
      and ${human('e.team_id', 'e.user_id')}
    group by e.user_id, e.team_id having min(e.occurred_at) >= ${w.start}
    order by min(e.occurred_at)`.execute(db);

  // C3: of people who joined in the last 28 days, those active within 14 days of (their first) joining.
  const activation = await sql<{ newcomers: number; activated: number }>`
    with joins as (
      select e.user_id, e.team_id, min(e.occurred_at) as joined_at from activity_event e
      where e.community_id = ${c} and e.kind = 'member_joined'
        and e.occurred_at >= ${hoursBefore(t0, 28 * DAY)} and e.occurred_at < ${t0}
      group by e.user_id, e.team_id
    )
    select count(*) as newcomers,
           count(*) filter (where exists (
             select 1 from activity_event a where a.community_id = ${c} and a.user_id = j.user_id
               and a.kind in (${list(ENGAGED_KINDS)})
               and a.occurred_at >= j.joined_at and a.occurred_at < j.joined_at + interval '14 days' and a.occurred_at < ${t0}
           )) as activated
    from joins j where ${human('j.team_id', 'j.user_id')}`.execute(db);

  // C4: the last contribution is more than 28 days old at t0 and was less than 28 days old at the week's start.
  const lapsed = await sql<{ user_id: string }>`
    select e.user_id from activity_event e
    where e.community_id = ${c} and e.occurred_at < ${t0} and e.kind in (${list(CONTRIBUTION_KINDS)})
      and ${human('e.team_id', 'e.user_id')}
    group by e.user_id
    having max(e.occurred_at) >= ${hoursBefore(w.start, 28 * DAY)} and max(e.occurred_at) < ${hoursBefore(t0, 28 * DAY)}
    order by max(e.occurred_at)`.execute(db);

  // Lapsing core: active on ≥7 distinct days in the 4 weeks before the last 21 days (Orbit "contributing"),
  // and silent for those 21 days.
  const silentSince = hoursBefore(t0, 21 * DAY);
  const lapsingCore = await sql<{ user_id: string }>`
    select e.user_id from activity_event e
    where e.community_id = ${c} and e.kind in (${list(ENGAGED_KINDS)}) and ${human('e.team_id', 'e.user_id')}
      and e.occurred_at >= ${hoursBefore(silentSince, 28 * DAY)} and e.occurred_at < ${silentSince}
      and not exists (
        select 1 from activity_event r where r.community_id = ${c} and r.user_id = e.user_id
          and r.kind in (${list(ENGAGED_KINDS)}) and r.occurred_at >= ${silentSince} and r.occurred_at < ${t0})
    group by e.user_id
    having count(distinct date_trunc('day', e.occurred_at at time zone 'UTC')) >= 7
    order by e.user_id`.execute(db);

  const a = activation.rows[0];
  return {
    joined: num(moves.rows[0].joined),
    left: num(moves.rows[0].left),
    newContributorCount: newContributors.rows.length,
    newContributors: newContributors.rows.filter((r) => !r.opted_out).map((r) => r.user_id),
    newcomers28d: num(a.newcomers),
    newcomersActivated: num(a.activated),
    activationRate: ratio(num(a.activated), num(a.newcomers)),
    lapsed: lapsed.rows.map((r) => r.user_id),
    lapsingCore: lapsingCore.rows.map((r) => r.user_id),
  };
}
