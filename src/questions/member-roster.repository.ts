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

/** Every member of the workspace: a worker's first read of it. */
export function readRoster(db: Kysely<Database>, teamId: string): Promise<RosterRead> {
  return read(db, sql`m.team_id = ${teamId}`, null);
}

/** The workspace's members, and the versions of anyone, written by transactions at or after `horizon`. */
export function readRosterChanges(db: Kysely<Database>, teamId: string, horizon: string): Promise<RosterRead> {
  return read(db, sql`m.team_id = ${teamId} and m.changed_xact >= ${horizon}::xid8`, horizon);
}

async function read(db: Kysely<Database>, members: RawBuilder<boolean>, horizon: string | null): Promise<RosterRead> {
  // JSON, one row: the horizon must come with the rows even when there are none.
  const { rows } = await sql<RosterRead>`select pg_snapshot_xmin(pg_current_snapshot())::text as horizon,
      coalesce((select json_agg(r) from (
        select ${memberColumns} from member m left join member_routing_version v on v.user_id = m.user_id
        where ${members}) r), '[]') as members,
      ${
        horizon === null
          ? sql`'[]'::json`
          : sql`coalesce((select json_agg(r) from (
              select v.user_id, v.version from member_routing_version v where v.changed_xact >= ${horizon}::xid8) r), '[]')`
      } as versions`.execute(db);
  return rows[0] as RosterRead;
}
