import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { hoursBefore, num, numOrNull, ratio } from './sql.js';
import type { BacklogItem, MetricWindow, ResponsivenessMetrics } from './types.js';

type Db = Kysely<Database>;
const HOURS = sql`3600.0`;

/**
 * A1–A6. question.first_response_at is the first human reply by someone other than the asker (set where answers
 * are recorded), so bots and the asker are already excluded. A response after t0 counts as "no response yet", which
 * keeps a recomputed past week identical to the one that was posted.
 */
export async function responsivenessMetrics(db: Db, w: MetricWindow): Promise<ResponsivenessMetrics> {
  const t0 = w.end;
  const maturedEnd = hoursBefore(t0, 48);
  const maturedStart = hoursBefore(maturedEnd, 7 * 24);

  const first = await sql<{ asked: number; asked14: number; median: number | null; p90: number | null }>`
    select count(*) filter (where asked_at >= ${w.start}) as asked,
           count(*) as asked14,
           percentile_cont(0.5) within group (order by extract(epoch from first_response_at - asked_at)::float8 / ${HOURS})
             filter (where asked_at >= ${w.start} and first_response_at < ${t0}) as median,
           percentile_cont(0.9) within group (order by extract(epoch from first_response_at - asked_at)::float8 / ${HOURS})
             filter (where asked_at >= ${w.start} and first_response_at < ${t0}) as p90
    from question
    where community_id = ${w.communityId} and asked_at >= ${hoursBefore(t0, 14 * 24)} and asked_at < ${t0}`.execute(db);

  const matured = await sql<{ total: number; unanswered: number; accepted: number }>`
    select count(*) as total,
           count(*) filter (where first_response_at is null or first_response_at >= ${t0}) as unanswered,
           count(*) filter (where solved_at is not null and solved_at < ${t0}) as accepted
    from question
    where community_id = ${w.communityId} and asked_at >= ${maturedStart} and asked_at < ${maturedEnd}`.execute(db);

  const backlogRows = await sql<BacklogItem & { total: number }>`
    select id as "questionId", title, channel_id as "channelId", message_ts as "messageTs", asker_id as "askerId", tags,
           extract(epoch from ${t0}::timestamptz - asked_at)::float8 / ${HOURS} as "ageHours"
    from question
    where community_id = ${w.communityId} and status not in ('solved', 'closed')
      and (first_response_at is null or first_response_at >= ${t0})
      and asked_at < ${maturedEnd}
    order by asked_at`.execute(db);

  const accepted = await sql<{ n: number; median: number | null }>`
    select count(*) as n,
           percentile_cont(0.5) within group (order by extract(epoch from solved_at - asked_at)::float8 / ${HOURS}) as median
    from question
    where community_id = ${w.communityId} and solved_at >= ${w.start} and solved_at < ${t0}`.execute(db);

  // A6: a routing "hits" when the routed expert answered the question within 24h of being asked to.
  const routing = await sql<{ n: number; hits: number; latency: number | null }>`
    select count(*) as n,
           count(*) filter (where exists (
             select 1 from answer a where a.question_id = r.question_id and a.user_id = r.user_id and a.deleted_at is null
               and a.created_at <= r.routed_at + interval '24 hours' and a.created_at < ${t0})) as hits,
           percentile_cont(0.5) within group (order by extract(epoch from r.routed_at - q.asked_at)::float8 / ${HOURS}) as latency
    from routing r join question q on q.id = r.question_id
    where q.community_id = ${w.communityId} and r.routed_at >= ${w.start} and r.routed_at < ${t0}`.execute(db);

  const f = first.rows[0];
  const m = matured.rows[0];
  const ages = backlogRows.rows.map((r) => num(r.ageHours));
  const sorted = [...ages].sort((a, b) => a - b);
  const r = routing.rows[0];
  return {
    questionsAsked: num(f.asked),
    questionsAsked14d: num(f.asked14),
    ttfrMedianHours: numOrNull(f.median),
    ttfrP90Hours: numOrNull(f.p90),
    maturedQuestions: num(m.total),
    unansweredRate: ratio(num(m.unanswered), num(m.total)),
    acceptanceRate: ratio(num(m.accepted), num(m.total)),
    backlog: backlogRows.rows.slice(0, 20).map((row) => ({ ...row, ageHours: num(row.ageHours) })),
    backlogCount: ages.length,
    backlogMaxAgeHours: ages.length ? Math.max(...ages) : null,
    backlogMedianAgeHours: sorted.length ? median(sorted) : null,
    backlogMeanAgeHours: ages.length ? ages.reduce((a, b) => a + b, 0) / ages.length : null,
    acceptedInWeek: num(accepted.rows[0].n),
    timeToAcceptMedianHours: numOrNull(accepted.rows[0].median),
    routings: num(r.n),
    routingHitRate: ratio(num(r.hits), num(r.n)),
    routingLatencyMedianHours: numOrNull(r.latency),
  };
}

/** The median of an ascending list (the mean of the two middle values for an even count, like percentile_cont). */
export function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
