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
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists member_routing_version_changed_xact on member_routing_version`.execute(db);
  await sql`alter table member_routing_version drop column if exists changed_xact`.execute(db);
  await sql`drop trigger if exists member_changed_xact on member`.execute(db);
  await sql`alter table member drop column if exists changed_xact`.execute(db);
  await sql`drop function if exists stamp_changed_xact()`.execute(db);
}
