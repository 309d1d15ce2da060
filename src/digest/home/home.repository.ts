import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';

type Db = Kysely<Database>;

/** The member's open questions (newest first, capped) and how many there are in all. */
export async function openQuestionsOf(db: Db, teamId: string, userId: string, limit: number) {
  const base = db
    .selectFrom('question')
    .where('team_id', '=', teamId)
    .where('asker_id', '=', userId)
    .where('status', 'in', ['open', 'answered']);
  const [rows, total] = await Promise.all([
    base
      .select(['id', 'title', 'channel_id', 'message_ts', 'asked_at', 'first_response_at'])
      .orderBy('asked_at', 'desc')
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Questions routed to the member and still waiting on them (oldest first, capped), with the total. */
export async function routedTo(db: Db, teamId: string, userId: string, limit: number) {
  const base = db
    .selectFrom('routing')
    .innerJoin('question', 'question.id', 'routing.question_id')
    .where('routing.team_id', '=', teamId)
    .where('routing.user_id', '=', userId)
    .where('routing.status', '=', 'pending')
    .where('question.status', 'in', ['open', 'answered']);
  const [rows, total] = await Promise.all([
    base
      .select([
        'routing.id as routingId',
        'question.id as questionId',
        'question.title',
        'question.channel_id',
        'question.asker_id',
        'routing.routed_at',
        'question.tags',
      ])
      .orderBy('routing.routed_at')
      .limit(limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Declared and earned expertise, strongest first. */
export async function expertiseSummary(db: Db, teamId: string, userId: string) {
  return db
    .selectFrom('expertise')
    .select(['tag', 'declared', 'answers', 'accepted'])
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('declared', '=', true), eb('answers', '>', 0)]))
    .orderBy('accepted', 'desc')
    .orderBy('answers', 'desc')
    .orderBy('tag')
    .execute();
}

export async function memberPrefs(db: Db, teamId: string, userId: string) {
  return db
    .selectFrom('member')
    .select(['snoozed_until', 'weekly_cap', 'routing_opt_out', 'shoutout_opt_out'])
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Live communities the member coordinates, with an 8-week energy series, the current backlog and the last gaps. */
export async function coordinatedHealth(db: Db, teamId: string, userId: string, now: Date) {
  const communities = await db
    .selectFrom('community_coordinator')
    .innerJoin('community', 'community.id', 'community_coordinator.community_id')
    .select(['community.id', 'community.name'])
    .where('community.team_id', '=', teamId)
    .where('community_coordinator.user_id', '=', userId)
    .where('community.archived_at', 'is', null)
    .orderBy('community.name')
    .execute();
  const ids = communities.map((c) => c.id);
  if (ids.length === 0) return [];
  const dayAgo2 = new Date(now.getTime() - 48 * 3_600_000);
  const [snapshots, backlog, digests] = await Promise.all([
    db
      .selectFrom('weekly_snapshot')
      .select(['community_id', sql<number>`(metrics->>'energy')::float8`.as('energy')])
      .where('community_id', 'in', ids)
      .where('week_start', '>=', new Date(now.getTime() - 63 * 86_400_000).toISOString().slice(0, 10))
      .orderBy('week_start')
      .execute(),
    db
      .selectFrom('question')
      .select(['community_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('community_id', 'in', ids)
      .where('status', 'in', ['open'])
      .where('first_response_at', 'is', null)
      .where('asked_at', '<', dayAgo2)
      .groupBy('community_id')
      .execute(),
    db
      .selectFrom('digest')
      .select(['community_id', sql<string[] | null>`metrics->'week'->'structure'->'gaps'`.as('gaps')])
      .distinctOn('community_id')
      .where('community_id', 'in', ids)
      .orderBy('community_id')
      .orderBy('period_start', 'desc')
      .execute(),
  ]);
  return communities.map((c) => ({
    id: c.id,
    name: c.name,
    energy: snapshots.filter((s) => s.community_id === c.id).map((s) => Number(s.energy)),
    backlog: Number(backlog.find((b) => b.community_id === c.id)?.n ?? 0),
    gaps: digests.find((d) => d.community_id === c.id)?.gaps ?? [],
  }));
}
