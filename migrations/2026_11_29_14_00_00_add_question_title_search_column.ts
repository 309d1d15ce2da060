import { type Kysely, sql } from 'kysely';

/**
 * The routing shortlist ranks past questions by how well their titles match a new one (ts_rank over the title's
 * tsvector, route_p95 in docs/benchmarks.md). With only an expression index, PostgreSQL parses and stems every
 * matching title twice per /ask (once to match, once to rank): when a common word matches most titles, that was
 * ~40 of the route's ~100 ms at 5k questions. A stored generated column holds the same tsvector
 * (`to_tsvector('english', title)`, so matches and ranks are identical), computed once when the title is written;
 * its GIN index serves the match. Existing rows are filled by the ALTER itself (it rewrites the table).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on the app's Database type
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table question add column title_search tsvector
    generated always as (to_tsvector('english', title)) stored`.execute(db);
  await sql`create index question_title_search_column_index on question using gin (title_search)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists question_title_search_column_index`.execute(db);
  await sql`alter table question drop column if exists title_search`.execute(db);
}
