import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/database.js';

/** A member row as the router reads it (only the columns a candidate is built from), with their routing version. */
export interface RosterMember {
  user_id: string;
  is_bot: boolean;
  deactivated: boolean;
  routing_opt_out: boolean;
  /** Epoch milliseconds: node-postgres parses timestamps from text with regular expressions, a visible share of a
   * route's ~1,000 rows; as numbers inside JSON they cost nothing. */
  snoozed_ms: number | null;
  weekly_cap: number | null;
  last_active_ms: number | null;
  /** The member's `member_routing_version` (0 without a row): what their cached profile is checked against. */
  version: number;
}

/**
 * What one read of the feed returns: rows, and the horizon to read from next time — the oldest transaction still
 * running when the read's snapshot was taken (see migration 2026_11_29_18_00_00). All of it comes from one statement,
 * so one snapshot.
 */
export interface RosterRead {
  horizon: string;
  members: RosterMember[];
  /** Versions written since the horizon read from (every workspace's: versions are keyed by user alone). */
  versions: Array<{ user_id: string; version: number }>;
  /**
   * Rows removed since that horizon: the workspace's members deleted or moved away (`team_id` set), deleted version
   * rows (`team_id` null), and TRUNCATEs (`user_id` null: the copy must be read again in full).
   */
  removals: Array<{ team_id: string | null; user_id: string | null }>;
}

/** RosterMember's columns, from `member m left join member_routing_version v`. */
const memberColumns = sql`m.user_id, m.is_bot, m.deactivated, m.routing_opt_out,
  (extract(epoch from m.snoozed_until) * 1000)::float8 as snoozed_ms, m.weekly_cap,
  (extract(epoch from m.last_active_at) * 1000)::float8 as last_active_ms, coalesce(v.version, 0) as version`;

/** The workspace's members (aliased `m`) that match `condition`, read directly. */
export async function membersWhere(
  db: Kysely<Database>,
  teamId: string,
  condition: RawBuilder<boolean>,
): Promise<RosterMember[]> {
  const { rows } = await sql<RosterMember>`select ${memberColumns}
    from member m left join member_routing_version v on v.user_id = m.user_id
    where m.team_id = ${teamId} and ${condition}`.execute(db);
  return rows;
}

/** Every member of the workspace: a worker's first read of it, and its periodic full read. */
export function readRoster(db: Kysely<Database>, teamId: string): Promise<RosterRead> {
  return read(db, teamId, null);
}

/** What was written or removed by transactions at or after `horizon`: the workspace's members, anyone's versions. */
export function readRosterChanges(db: Kysely<Database>, teamId: string, horizon: string): Promise<RosterRead> {
  return read(db, teamId, horizon);
}

async function read(db: Kysely<Database>, teamId: string, horizon: string | null): Promise<RosterRead> {
  const since = (column: RawBuilder<unknown>) => (horizon === null ? sql`true` : sql`${column} >= ${horizon}::xid8`);
  const changed = (query: RawBuilder<unknown>) =>
    horizon === null ? sql`'[]'::json` : sql`coalesce((select json_agg(r) from (${query}) r), '[]')`;
  // JSON, one row: the horizon must come with the rows even when there are none.
  const { rows } = await sql<RosterRead>`select pg_snapshot_xmin(pg_current_snapshot())::text as horizon,
      coalesce((select json_agg(r) from (
        select ${memberColumns} from member m left join member_routing_version v on v.user_id = m.user_id
        where m.team_id = ${teamId} and ${since(sql`m.changed_xact`)}) r), '[]') as members,
      ${changed(sql`select v.user_id, v.version from member_routing_version v where ${since(sql`v.changed_xact`)}`)}
        as versions,
      ${changed(sql`select x.team_id, x.user_id from member_feed_removal x
        where ${since(sql`x.changed_xact`)} and (x.team_id = ${teamId} or x.team_id is null)`)} as removals`.execute(
    db,
  );
  return rows[0] as RosterRead;
}
