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

/** A new question's columns, as both inserts below write them (the community aside). */
function questionColumns(q: Omit<NewQuestion, 'communityId'>) {
  return {
    team_id: q.teamId,
    channel_id: q.channelId,
    asker_id: q.askerId,
    title: q.title,
    details: q.details,
    tags: q.tags,
    request_key: q.requestKey,
    asked_at: q.askedAt,
  };
}

/**
 * Stores a question in a known community, once per request key (undefined for a key stored before): the way in for
 * seeding and test fixtures. /ask itself goes through insertQuestionsInChannels.
 */
export async function insertQuestion(db: Db, q: NewQuestion): Promise<QuestionRow | undefined> {
  return db
    .insertInto('question')
    .values({ ...questionColumns(q), community_id: q.communityId })
    .onConflict((oc) => oc.column('request_key').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/**
 * /ask's one statement for a batch of questions (QuestionIntake): each is stored in the community its channel belongs
 * to (an archived one takes no questions), once per request key, in the order given. Returns the stored ones' ids and
 * keys; a question whose channel is no community's, or whose request was stored before, is not among them. Finding
 * the community inside the insert, and writing a burst of /ask together, keeps the app's event loop — where every
 * ack waits — to one round trip per batch.
 */
export async function insertQuestionsInChannels(
  db: Db,
  batch: ReadonlyArray<Omit<NewQuestion, 'communityId'>>,
): Promise<Array<{ id: number; request_key: string }>> {
  if (batch.length === 0) return [];
  const rows = batch.map(questionColumns); // asked_at crosses as JSON's ISO text, read back as timestamptz
  // One JSON parameter however many rows; WITH ORDINALITY keeps the batch's order (ids are taken in that order).
  // Prepared once per connection (src/db/client.ts): every /ask runs it, and its text never changes. PostgreSQL
  // replans it by itself after a migration; only a change to the types of its RETURNING columns would make it fail.
  const { rows: stored } = await sql<{ id: number; request_key: string }>`
    /* prepared:insert-questions */
    INSERT INTO question (team_id, community_id, channel_id, asker_id, title, details, tags, request_key, asked_at)
    SELECT v.team_id, c.id, v.channel_id, v.asker_id, v.title, v.details, v.tags, v.request_key, v.asked_at
    FROM ROWS FROM (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS (team_id text, channel_id text,
        asker_id text, title text, details text, tags text[], request_key text, asked_at timestamptz))
      WITH ORDINALITY AS v(team_id, channel_id, asker_id, title, details, tags, request_key, asked_at, ord)
    JOIN community_channel cc ON cc.channel_id = v.channel_id
    JOIN community c ON c.id = cc.community_id AND c.archived_at IS NULL
    ORDER BY v.ord
    ON CONFLICT (request_key) DO NOTHING
    RETURNING id, request_key`.execute(db);
  return stored;
}

export async function setQuestionMessage(db: Db, id: number, messageTs: string): Promise<void> {
  await db.updateTable('question').set({ message_ts: messageTs }).where('id', '=', id).execute();
}

/** The question's tags once the worker has inferred them (before it is posted). */
export async function setQuestionTags(db: Db, id: number, tags: string[]): Promise<void> {
  await db.updateTable('question').set({ tags }).where('id', '=', id).execute();
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
  options: { limit?: number; excludeId?: number } = {},
): Promise<string[][]> {
  const words = (text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []).slice(0, 30);
  if (words.length === 0) return [];
  const query = sql<string>`to_tsquery('english', ${words.map((w) => `'${w}'`).join(' | ')})`;
  const rows = await db
    .selectFrom('question')
    .select('tags')
    .where('community_id', '=', communityId)
    .where(sql<boolean>`title_search @@ ${query}`)
    .where(sql<boolean>`cardinality(tags) > 0`)
    .$if(options.excludeId !== undefined, (q) => q.where('id', '!=', options.excludeId as number))
    .orderBy(sql`ts_rank(title_search, ${query})`, 'desc')
    .limit(options.limit ?? 5)
    .execute();
  return rows.map((r) => r.tags);
}

/** Removes a question that never became visible (its post failed), so nothing half-done remains. */
export async function deleteQuestion(db: Db, id: number): Promise<void> {
  await db.deleteFrom('question').where('id', '=', id).execute();
}

export async function deleteQuestions(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length > 0)
    await db
      .deleteFrom('question')
      .where('id', 'in', [...ids])
      .execute();
}

/** The community's answer-time target of a question, in seconds (what the escalation ladder waits between steps). */
export async function answerTargetSeconds(db: Db, questionId: number): Promise<number | null> {
  const row = await db
    .selectFrom('question')
    .innerJoin('community', 'community.id', 'question.community_id')
    .select('community.answer_target_seconds')
    .where('question.id', '=', questionId)
    .executeTakeFirst();
  return row?.answer_target_seconds ?? null;
}

/** Closes a question with its accepted answer, once: returns false if it was already solved. */
export async function closeWithAnswer(db: Db, id: number, answerId: number, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('question')
    .set({ status: 'solved', solved_at: at, accepted_answer_id: answerId })
    .where('id', '=', id)
    .where('status', '!=', 'solved')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Closes a question with an existing knowledge entry, once, and only while nobody has answered it (a suggestion
 * accepted after a human answered is moot).
 */
export async function closeWithEntry(db: Db, id: number, entryId: number, at: Date): Promise<boolean> {
  const row = await db
    .updateTable('question')
    .set({ status: 'solved', solved_at: at, resolved_by_entry_id: entryId })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('first_response_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the question's channel is private (the knowledge it produces inherits that). */
export async function channelIsPrivate(db: Db, channelId: string): Promise<boolean> {
  const row = await db
    .selectFrom('community_channel')
    .select('is_private')
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  return row?.is_private ?? false;
}
