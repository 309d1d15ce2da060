import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database, RoutingStatus, RoutingTable } from '../db/database.js';

export type RoutingRow = Selectable<RoutingTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** Records that a question goes to a member. Returns undefined if they were already routed it (never twice). */
export async function insertRouting(
  db: Db,
  r: {
    questionId: number;
    teamId: string;
    userId: string;
    stage: string;
    score: number;
    reason: string;
    handedOffBy?: string | null;
    note?: string | null;
    at: Date;
  },
): Promise<RoutingRow | undefined> {
  return db
    .insertInto('routing')
    .values({
      question_id: r.questionId,
      team_id: r.teamId,
      user_id: r.userId,
      stage: r.stage,
      score: r.score,
      reason: r.reason,
      handed_off_by: r.handedOffBy ?? null,
      note: r.note ?? null,
      dm_channel_id: null,
      dm_ts: null,
      routed_at: r.at,
      acted_at: null,
    })
    .onConflict((oc) => oc.columns(['question_id', 'user_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function setRoutingCard(db: Db, id: number, channelId: string, ts: string): Promise<void> {
  await db.updateTable('routing').set({ dm_channel_id: channelId, dm_ts: ts }).where('id', '=', id).execute();
}

export async function findRouting(db: Db, id: number): Promise<RoutingRow | undefined> {
  return db.selectFrom('routing').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function routingsOf(db: Db, questionId: number): Promise<RoutingRow[]> {
  return db.selectFrom('routing').selectAll().where('question_id', '=', questionId).orderBy('id').execute();
}

/**
 * Moves a routing out of `pending` exactly once. A second click (or a redelivered one) finds it no longer pending
 * and gets undefined, so it cannot act twice.
 */
export async function closeRouting(
  db: Db,
  id: number,
  status: RoutingStatus,
  at: Date,
): Promise<RoutingRow | undefined> {
  return db
    .updateTable('routing')
    .set({ status, acted_at: at })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

/** Marks the pending routings of a question as answered (by anyone) so they no longer count as open load. */
export async function settleRoutings(db: Db, questionId: number, answeredBy: string, at: Date): Promise<void> {
  await db
    .updateTable('routing')
    .set({
      status: sql<RoutingStatus>`case when user_id = ${answeredBy} then 'answered' else 'closed' end`,
      acted_at: at,
    })
    .where('question_id', '=', questionId)
    .where('status', '=', 'pending')
    .execute();
}
