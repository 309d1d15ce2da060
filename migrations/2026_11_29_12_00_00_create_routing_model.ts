import { type Kysely, sql } from 'kysely';

/**
 * One learned ranker per community (src/routing/model.ts `RankerModel` as JSON), written by the nightly
 * 'train-router' job and read by /ask. A community without a row ranks with the hand-set blend.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on the app's Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('routing_model')
    .addColumn('community_id', 'integer', (c) => c.primaryKey().references('community.id').onDelete('cascade'))
    .addColumn('model', 'jsonb', (c) => c.notNull())
    // Copied out of the JSON so dashboards and tests can read them without parsing the model.
    .addColumn('trained_on', 'integer', (c) => c.notNull())
    .addColumn('trained_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('routing_model').ifExists().execute();
}
