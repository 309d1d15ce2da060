import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, DigestTable } from '../db/database.js';
import type { Period } from './period.js';

type Db = Kysely<Database>;
export type DigestRow = Selectable<DigestTable>;
export type DigestPost = DigestRow['posts'][number];

// First key of the two-int advisory lock ('PD': Praxis Digest); the second is the digest id.
const LOCK_CLASS = 0x5044;

/** Thrown when another worker is building the same digest right now; the job retries later. */
export class DigestBusyError extends Error {
  public readonly code = 'digest_busy';
  constructor(digestId: number) {
    super(`digest ${digestId} is being posted by another worker`);
  }
}

/**
 * Claims the (community, period) row: the unique constraint makes the first INSERT win and every later one a
 * no-op, whichever worker or retry it comes from. Returns the row either way.
 */
export async function claimDigest(db: Db, communityId: number, period: Period): Promise<DigestRow> {
  await db
    .insertInto('digest')
    .values({
      community_id: communityId,
      period_start: period.startDate,
      period_end: period.endDate,
      status: 'building',
      metrics: '{}',
      posts: '[]',
    })
    .onConflict((oc) => oc.columns(['community_id', 'period_start']).doNothing())
    .execute();
  return db
    .selectFrom('digest')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('period_start', '=', period.startDate)
    .executeTakeFirstOrThrow();
}

export async function findDigest(db: Db, id: number): Promise<DigestRow> {
  return db.selectFrom('digest').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * Runs `fn` holding a session advisory lock on the digest, on a connection of its own. If the worker dies, its
 * connection closes and PostgreSQL releases the lock, so a retry on another worker can take over. Everything `fn`
 * writes goes through the pool and commits at once (the post intents must survive a crash).
 */
export async function withDigestLock<T>(db: Db, digestId: number, fn: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    const got = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_lock(${LOCK_CLASS}, ${digestId}) as locked`.execute(conn);
    if (!got.rows[0]?.locked) throw new DigestBusyError(digestId);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_CLASS}, ${digestId})`.execute(conn);
    }
  });
}

export async function saveDigestMetrics(db: Db, id: number, metrics: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('digest')
    .set({ metrics: JSON.stringify(metrics) })
    .where('id', '=', id)
    .execute();
}

/** Records that a post to `destination` is about to be made (before calling Slack), unless one is recorded already. */
export async function recordPostIntent(
  db: Db,
  id: number,
  post: { destination: string; channel: string; intentAt: Date },
): Promise<void> {
  const entry = JSON.stringify({
    destination: post.destination,
    channel: post.channel,
    ts: null,
    intent_at: post.intentAt.toISOString(),
  });
  await sql`
    update digest set posts = posts || jsonb_build_array(${entry}::jsonb)
    where id = ${id} and not exists (select 1 from jsonb_array_elements(posts) p where p->>'destination' = ${post.destination})`.execute(
    db,
  );
}

/** Completes a destination's entry with the posted message's ts. */
export async function recordPostTs(db: Db, id: number, destination: string, ts: string): Promise<void> {
  await sql`
    update digest set posts = (
      select coalesce(jsonb_agg(case when p->>'destination' = ${destination} then p || jsonb_build_object('ts', ${ts}::text) else p end), '[]'::jsonb)
      from jsonb_array_elements(posts) p)
    where id = ${id}`.execute(db);
}

export async function markPosted(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('digest').set({ status: 'posted', posted_at: at }).where('id', '=', id).execute();
}

/** Communities with a live digest schedule (not archived), for syncing schedulers at boot. */
export async function listScheduledCommunities(db: Db) {
  return db.selectFrom('community').select(['id', 'digest_cron', 'digest_tz', 'archived_at']).execute();
}

/** Experts a question is still waiting on (pending routings). */
export async function pendingExpertsOf(db: Db, questionId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('routing')
    .select('user_id')
    .where('question_id', '=', questionId)
    .where('status', '=', 'pending')
    .execute();
  return rows.map((r) => r.user_id);
}
