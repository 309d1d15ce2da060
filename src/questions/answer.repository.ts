import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { AnswerTable, Database } from '../db/database.js';

export type AnswerRow = Selectable<AnswerTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** Stores an answer once per Slack message; a redelivered message returns undefined. */
export async function insertAnswer(
  db: Db,
  a: {
    questionId: number;
    userId: string;
    channelId: string;
    messageTs: string;
    text: string;
    via: 'thread' | 'dm_modal';
    at: Date;
  },
): Promise<AnswerRow | undefined> {
  return db
    .insertInto('answer')
    .values({
      question_id: a.questionId,
      user_id: a.userId,
      channel_id: a.channelId,
      message_ts: a.messageTs,
      text: a.text,
      via: a.via,
      created_at: a.at,
      edited_at: null,
      deleted_at: null,
    })
    .onConflict((oc) => oc.columns(['channel_id', 'message_ts']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findAnswerByMessage(db: Db, channelId: string, ts: string): Promise<AnswerRow | undefined> {
  return db
    .selectFrom('answer')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('message_ts', '=', ts)
    .executeTakeFirst();
}

export async function findAnswer(db: Db, id: number): Promise<AnswerRow | undefined> {
  return db.selectFrom('answer').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function answersOf(db: Db, questionId: number): Promise<AnswerRow[]> {
  return db
    .selectFrom('answer')
    .selectAll()
    .where('question_id', '=', questionId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

export async function editAnswer(db: Db, channelId: string, ts: string, text: string, at: Date): Promise<void> {
  await db
    .updateTable('answer')
    .set({ text, edited_at: at })
    .where('channel_id', '=', channelId)
    .where('message_ts', '=', ts)
    .execute();
}

export async function deleteAnswer(db: Db, channelId: string, ts: string, at: Date): Promise<void> {
  await db
    .updateTable('answer')
    .set({ deleted_at: at })
    .where('channel_id', '=', channelId)
    .where('message_ts', '=', ts)
    .execute();
}

/** Records the first response (only the first one sticks) and moves an open question to answered. */
export async function markFirstResponse(db: Db, questionId: number, userId: string, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('question')
    .set({
      first_response_at: at,
      first_responder_id: userId,
      status: sql`case when status = 'open' then 'answered' else status end`,
    })
    .where('id', '=', questionId)
    .where('first_response_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
