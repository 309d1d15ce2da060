import { type Kysely, sql } from 'kysely';

/**
 * A change feed over what the router reads per member: `member` rows (availability, bot and deactivated flags, last
 * activity) and `member_routing_version`. Each row gains `changed_xact`, the id of the transaction that last wrote it,
 * set by a BEFORE trigger so no writer can forget it. The worker keeps a copy of a workspace's member rows and
 * versions (src/questions/member-roster.ts) and, before each routing, reads only the rows written since its last read
 * instead of joining all of them to every shortlist (docs/benchmarks.md, route_p95).
 *
 * Why transaction ids and not a sequence or a timestamp: those are taken before commit, and transactions commit in
 * any order, so a reader that remembers "the highest value I have seen" can skip a row whose transaction took a lower
 * value and committed later. Transaction ids come with a horizon instead: `pg_snapshot_xmin(pg_current_snapshot())`
 * is the oldest transaction still running when a statement's snapshot was taken, so every write that snapshot could
 * not see has `changed_xact` at or above it, and the next read asks for `changed_xact >= horizon`. A row can be read
 * twice (harmless: the copy takes its latest state), never missed. xid8 is the 64-bit, epoch-extended id: it does not
 * wrap around.
 *
 * A row that is gone leaves nothing to stamp, so removals leave a note in `member_feed_removal`, stamped the same way:
 * a deleted member, or a member moved to another workspace (under the workspace they left); a deleted version row
 * (workspace null: versions are per user); a TRUNCATE of either table (user null: every copy reads everything again).
 * Notes are kept a day: the worker reads every copy in full far more often than that (every 15 minutes of use).
 *
 * Rows written before this migration keep a null `changed_xact`: the worker's first read of a workspace takes all of
 * its rows anyway.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on the app's Database type
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function stamp_changed_xact() returns trigger language plpgsql as $$
    begin
      new.changed_xact := pg_current_xact_id();
      return new;
    end $$`.execute(db);
  await sql`alter table member add column changed_xact xid8`.execute(db);
  await sql`create index member_team_changed_xact_index on member (team_id, changed_xact)`.execute(db);
  await sql`create trigger member_changed_xact before insert or update on member
    for each row execute function stamp_changed_xact()`.execute(db);
  // Versions are keyed by user alone (see 2026_11_29_16_00_00): the feed is read across workspaces.
  await sql`alter table member_routing_version add column changed_xact xid8`.execute(db);
  await sql`create index member_routing_version_changed_xact_index on member_routing_version (changed_xact)`.execute(
    db,
  );
  await sql`create trigger member_routing_version_changed_xact before insert or update on member_routing_version
    for each row execute function stamp_changed_xact()`.execute(db);

  await sql`create table member_feed_removal (
    team_id text,
    user_id text,
    changed_xact xid8 not null default pg_current_xact_id(),
    noted_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index member_feed_removal_changed_xact_index on member_feed_removal (changed_xact)`.execute(db);
  // Removals are rare (nothing in the app deletes members today), so each note also clears notes older than a day.
  await sql`create function note_member_feed_removal() returns trigger language plpgsql as $$
    begin
      delete from member_feed_removal where noted_at < now() - interval '1 day';
      if tg_op = 'TRUNCATE' then
        insert into member_feed_removal (team_id, user_id) values (null, null);
      elsif tg_table_name = 'member' then
        insert into member_feed_removal (team_id, user_id) values (old.team_id, old.user_id);
      else
        insert into member_feed_removal (team_id, user_id) values (null, old.user_id);
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger member_feed_removal_delete after delete on member
    for each row execute function note_member_feed_removal()`.execute(db);
  await sql`create trigger member_feed_removal_move after update of team_id on member
    for each row when (old.team_id is distinct from new.team_id) execute function note_member_feed_removal()`.execute(
    db,
  );
  await sql`create trigger member_feed_removal_delete after delete on member_routing_version
    for each row execute function note_member_feed_removal()`.execute(db);
  for (const table of ['member', 'member_routing_version']) {
    await sql
      .raw(`create trigger member_feed_removal_truncate after truncate on ${table}
        for each statement execute function note_member_feed_removal()`)
      .execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['member', 'member_routing_version']) {
    await sql.raw(`drop trigger if exists member_feed_removal_truncate on ${table}`).execute(db);
    await sql.raw(`drop trigger if exists member_feed_removal_delete on ${table}`).execute(db);
  }
  await sql`drop trigger if exists member_feed_removal_move on member`.execute(db);
  await sql`drop function if exists note_member_feed_removal()`.execute(db);
  await db.schema.dropTable('member_feed_removal').ifExists().execute();
  await sql`drop trigger if exists member_routing_version_changed_xact on member_routing_version`.execute(db);
  await sql`alter table member_routing_version drop column if exists changed_xact`.execute(db);
  await sql`drop trigger if exists member_changed_xact on member`.execute(db);
  await sql`alter table member drop column if exists changed_xact`.execute(db);
  await sql`drop function if exists stamp_changed_xact()`.execute(db);
}
