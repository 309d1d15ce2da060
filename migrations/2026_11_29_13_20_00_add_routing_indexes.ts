import { type Kysely, sql } from 'kysely';

/**
 * Indexes the router's reads need at workspace scale (docs/benchmarks.md): a member's answers in the history
 * window, the members active since a date, and questions found by the words of their titles.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on the app's Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('answer_user_created_index').on('answer').columns(['user_id', 'created_at']).execute();
  await db.schema
    .createIndex('member_team_last_active_index')
    .on('member')
    .columns(['team_id', 'last_active_at'])
    .execute();
  // Questions similar to a new one (its routing shortlist and its learned tags) are found by their titles' words.
  await db.schema
    .createIndex('question_title_search_index')
    .on('question')
    .using('gin')
    .expression(sql`to_tsvector('english', title)`)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('question_title_search_index').ifExists().execute();
  await db.schema.dropIndex('member_team_last_active_index').ifExists().execute();
  await db.schema.dropIndex('answer_user_created_index').ifExists().execute();
}
