import { type Kysely, sql } from 'kysely';

/**
 * A GIN index over the title's lexemes alone (the weight-A part of `search`), so knowledge search can gather the
 * entries whose title matches without walking every entry that mentions the words somewhere
 * (src/knowledge/search-candidates.ts). An expression index: no new column, nothing for writers to maintain, and
 * ANALYZE keeps statistics on the expression, which the search reads (through EXPLAIN) to choose its plan.
 * Built in the migration's transaction (a write lock on knowledge_entry for the build: ~8 s at 1M entries).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on the app's Database type
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index knowledge_entry_title_search_index on knowledge_entry using gin (ts_filter(search, '{a}'))`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists knowledge_entry_title_search_index`.execute(db);
}
