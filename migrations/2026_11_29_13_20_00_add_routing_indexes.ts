import type { Kysely } from 'kysely';

/**
 * Indexes the router's reads need at workspace scale (docs/benchmarks.md): a member's answers in the history
 * window, and the members active since a date.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on the app's Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('answer_user_created_index').on('answer').columns(['user_id', 'created_at']).execute();
  await db.schema
    .createIndex('member_team_last_active_index')
    .on('member')
    .columns(['team_id', 'last_active_at'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('member_team_last_active_index').ifExists().execute();
  await db.schema.dropIndex('answer_user_created_index').ifExists().execute();
}
