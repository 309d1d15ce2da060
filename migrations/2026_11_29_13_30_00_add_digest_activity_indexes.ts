import { type Kysely, sql } from 'kysely';

/**
 * Indexes the weekly digest's metrics need at 1M events (docs/benchmarks.md, digest_ms).
 *
 * - The (community_id, occurred_at) index becomes covering: the digest reads a community's last weeks of events, and
 *   events arrive in any order relative to the heap, so a plain index scan touched nearly every heap page of the
 *   table (15k pages for one week at 1M rows). With the columns the metrics read INCLUDEd, those scans are
 *   index-only. It replaces the old index (same keys, so every existing reader keeps its plan).
 * - (community_id, user_id, team_id, kind, occurred_at) answers per-member questions ("a contribution before X?",
 *   "the last leave before t0", the distinct members of a community) with one descent per member and kind, instead
 *   of scanning the community's whole history per member. team_id is a key so member pairs can be walked in order;
 *   kind is a key because a member's rare kinds (joins, leaves) would otherwise mean reading all of their events.
 * - A partial index of top-level messages carries where each one is (channel, ts): a newcomer's first post is then
 *   one index-only descent (the welcome metric), not a heap fetch per candidate row.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on the app's Database type
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index activity_event_community_time_covering_index on activity_event (community_id, occurred_at)
    include (kind, user_id, team_id, is_reply, emoji, target_user_id, entry_id)`.execute(db);
  await db.schema.dropIndex('activity_event_community_time_index').ifExists().execute();
  await db.schema
    .createIndex('activity_event_community_member_kind_index')
    .on('activity_event')
    .columns(['community_id', 'user_id', 'team_id', 'kind', 'occurred_at'])
    .execute();
  await sql`create index activity_event_top_level_message_index on activity_event
    (community_id, user_id, team_id, occurred_at) include (channel_id, item_ts)
    where kind = 'message' and not is_reply`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('activity_event_top_level_message_index').ifExists().execute();
  await db.schema.dropIndex('activity_event_community_member_kind_index').ifExists().execute();
  await db.schema
    .createIndex('activity_event_community_time_index')
    .on('activity_event')
    .columns(['community_id', 'occurred_at'])
    .execute();
  await db.schema.dropIndex('activity_event_community_time_covering_index').ifExists().execute();
}
