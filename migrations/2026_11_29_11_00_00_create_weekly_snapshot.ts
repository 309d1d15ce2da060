import { type Kysely, sql } from 'kysely';

/**
 * Weekly metric snapshots (one row per community and week) so digest trends, sparklines and trailing means read
 * stored numbers instead of recomputing history; plus the message coordinates an activity row needs for the
 * appreciation and welcome metrics (which message a reaction landed on, which thread a reply belongs to).
 * Still metadata only: timestamps, never text.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on the app's Database type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('weekly_snapshot')
    .addColumn('community_id', 'integer', (c) => c.notNull().references('community.id').onDelete('cascade'))
    .addColumn('week_start', 'date', (c) => c.notNull())
    .addColumn('week_end', 'date', (c) => c.notNull())
    .addColumn('metrics', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('weekly_snapshot_pk', ['community_id', 'week_start'])
    .execute();

  await db.schema.alterTable('activity_event').addColumn('item_ts', 'text').execute();
  await db.schema.alterTable('activity_event').addColumn('thread_ts', 'text').execute();
  await db.schema
    .createIndex('activity_event_item_index')
    .on('activity_event')
    .columns(['channel_id', 'item_ts'])
    .where(sql.ref('item_ts'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('activity_event_thread_index')
    .on('activity_event')
    .columns(['channel_id', 'thread_ts'])
    .where(sql.ref('thread_ts'), 'is not', null)
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('activity_event_thread_index').ifExists().execute();
  await db.schema.dropIndex('activity_event_item_index').ifExists().execute();
  await db.schema.alterTable('activity_event').dropColumn('thread_ts').execute();
  await db.schema.alterTable('activity_event').dropColumn('item_ts').execute();
  await db.schema.dropTable('weekly_snapshot').ifExists().execute();
}
