import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database, QuestionTable } from '../db/database.js';

export type QuestionRow = Selectable<QuestionTable>;
type Db = Kysely<Database> | Transaction<Database>;

export interface NewQuestion {
  teamId: string;
  communityId: number;
  channelId: string;
  askerId: string;
  title: string;
  details: string;
  tags: string[];
  requestKey: string;
  askedAt: Date;
}

/** Stores a question once per request key; a redelivered request returns undefined. */
export async function insertQuestion(db: Db, q: NewQuestion): Promise<QuestionRow | undefined> {
  return db
    .insertInto('question')
    .values({
      team_id: q.teamId,
      community_id: q.communityId,
      channel_id: q.channelId,
      asker_id: q.askerId,
      title: q.title,
      details: q.details,
      tags: q.tags,
      request_key: q.requestKey,
      asked_at: q.askedAt,
    })
    .onConflict((oc) => oc.column('request_key').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function setQuestionMessage(db: Db, id: number, messageTs: string): Promise<void> {
  await db.updateTable('question').set({ message_ts: messageTs }).where('id', '=', id).execute();
}

export async function findQuestion(db: Db, id: number): Promise<QuestionRow | undefined> {
  return db.selectFrom('question').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findQuestionByMessage(
  db: Db,
  channelId: string,
  messageTs: string,
): Promise<QuestionRow | undefined> {
  return db
    .selectFrom('question')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('message_ts', '=', messageTs)
    .executeTakeFirst();
}

/**
 * Tags of the community's past questions most similar to this text (full-text match on titles, any word).
 * Used to suggest tags the asker did not type.
 */
export async function tagsOfSimilarQuestions(
  db: Db,
  communityId: number,
  text: string,
  limit = 5,
): Promise<string[][]> {
  const words = (text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []).slice(0, 30);
  if (words.length === 0) return [];
  const query = sql<string>`to_tsquery('english', ${words.map((w) => `'${w}'`).join(' | ')})`;
  const rows = await db
    .selectFrom('question')
    .select('tags')
    .where('community_id', '=', communityId)
    .where(sql<boolean>`to_tsvector('english', title) @@ ${query}`)
    .where(sql<boolean>`cardinality(tags) > 0`)
    .orderBy(sql`ts_rank(to_tsvector('english', title), ${query})`, 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.tags);
}
