import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { ENGAGED_KINDS, hoursBefore, human, list, num, ratio } from './sql.js';
import type { MetricWindow, ParticipationMetrics } from './types.js';

type Db = Kysely<Database>;

/**
 * B4 activity weights (Orbit's 1–12 scale, cop-health-metrics.md). An accepted answer counts twice: 2 for the
 * asker who accepted it and 8 for the answerer who received it (the event's target_user_id).
 */
export const ENERGY_WEIGHTS = {
  reaction: 1,
  message: 2,
  reply: 3,
  answer: 6,
  acceptGiven: 2,
  acceptReceived: 8,
  knowledgeCreated: 8,
  knowledgeReused: 6,
  routingAccepted: 4,
} as const;

function energyCase(): RawBuilder<number> {
  const w = ENERGY_WEIGHTS;
  return sql<number>`case
    when e.kind = 'reaction_added' then ${sql.lit(w.reaction)}
    when e.kind = 'message' and e.is_reply then ${sql.lit(w.reply)}
    when e.kind = 'message' then ${sql.lit(w.message)}
    when e.kind = 'answer_posted' then ${sql.lit(w.answer)}
    when e.kind = 'answer_accepted' then ${sql.lit(w.acceptGiven)}
      + case when e.target_user_id is not null then ${sql.lit(w.acceptReceived)} else 0 end
    when e.kind = 'knowledge_created' then ${sql.lit(w.knowledgeCreated)}
    when e.kind = 'knowledge_reused' then ${sql.lit(w.knowledgeReused)}
    when e.kind = 'routing_accepted' then ${sql.lit(w.routingAccepted)}
    else 0 end`;
}

async function engagedBetween(db: Db, w: MetricWindow, from: Date, to: Date): Promise<number> {
  const result = await sql<{ n: number }>`
    select count(distinct e.user_id) as n from activity_event e
    where e.community_id = ${w.communityId} and e.occurred_at >= ${from} and e.occurred_at < ${to}
      and e.kind in (${list(ENGAGED_KINDS)}) and ${human('e.team_id', 'e.user_id')}`.execute(db);
  return num(result.rows[0].n);
}

async function energyBetween(db: Db, w: MetricWindow, from: Date, to: Date) {
  const result = await sql<{ energy: number; messages: number; replies: number; reactions: number }>`
    select coalesce(sum(${energyCase()}), 0) as energy,
           count(*) filter (where e.kind = 'message' and not e.is_reply) as messages,
           count(*) filter (where e.kind = 'message' and e.is_reply) as replies,
           count(*) filter (where e.kind = 'reaction_added') as reactions
    from activity_event e
    where e.community_id = ${w.communityId} and e.occurred_at >= ${from} and e.occurred_at < ${to}
      and ${human('e.team_id', 'e.user_id')}`.execute(db);
  const row = result.rows[0];
  return {
    energy: num(row.energy),
    messages: num(row.messages),
    replies: num(row.replies),
    reactions: num(row.reactions),
  };
}

/**
 * People in the community channels at t0, estimated from the event log: everyone (not a bot) who has ever been
 * active or joined, minus those whose latest membership event is a leave. The bot cannot see silent members who
 * were there before it, so this undercounts early on; the processor may pass Slack's own count instead.
 */
async function knownMembers(db: Db, w: MetricWindow): Promise<number> {
  const result = await sql<{ n: number }>`
    with seen as (
      select distinct e.user_id, e.team_id from activity_event e
      where e.community_id = ${w.communityId} and e.occurred_at < ${w.end}
    ), last_membership as (
      select distinct on (e.user_id) e.user_id, e.kind from activity_event e
      where e.community_id = ${w.communityId} and e.occurred_at < ${w.end} and e.kind in ('member_joined', 'member_left')
      order by e.user_id, e.occurred_at desc
    )
    select count(*) as n from seen s
    where ${human('s.team_id', 's.user_id')}
      and not exists (select 1 from last_membership l where l.user_id = s.user_id and l.kind = 'member_left')`.execute(
    db,
  );
  return num(result.rows[0].n);
}

/** B1–B4 (B5 compares these with the stored snapshots; see trends.ts). */
export async function participationMetrics(
  db: Db,
  w: MetricWindow,
  options: { channelMembers?: number } = {},
): Promise<ParticipationMetrics> {
  const prevStart = hoursBefore(w.start, 7 * 24);
  const [engaged, engagedPrev, engaged28d, now, prev, members] = await Promise.all([
    engagedBetween(db, w, w.start, w.end),
    engagedBetween(db, w, prevStart, w.start),
    engagedBetween(db, w, hoursBefore(w.end, 28 * 24), w.end),
    energyBetween(db, w, w.start, w.end),
    energyBetween(db, w, prevStart, w.start),
    options.channelMembers === undefined ? knownMembers(db, w) : Promise.resolve(options.channelMembers),
  ]);
  return {
    engagedMembers: engaged,
    engagedMembersPrev: engagedPrev,
    channelMembers: members,
    participationRate: ratio(engaged, members),
    engaged28d,
    stickiness: ratio(engaged, engaged28d),
    energy: now.energy,
    energyPrev: prev.energy,
    messages: now.messages,
    replies: now.replies,
    reactions: now.reactions,
  };
}
