import { type Kysely, sql } from 'kysely';

/**
 * Similar-question look-ups (the routing shortlist and /ask's learned tags) now match the stored `title_search`
 * column (2026_11_29_14_00_00) instead of the expression `to_tsvector('english', title)`, so the expression's GIN
 * index only cost writes and space.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on the app's Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('question_title_search_index').ifExists().execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists question_title_search_index on question
    using gin (to_tsvector('english', title))`.execute(db);
}
