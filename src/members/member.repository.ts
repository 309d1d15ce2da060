import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database, MemberTable } from '../db/database.js';

export type MemberRow = Selectable<MemberTable>;
type Db = Kysely<Database> | Transaction<Database>;

export interface MemberProfile {
  teamId: string;
  userId: string;
  displayName: string | null;
  tz: string | null;
  isBot: boolean;
  deactivated: boolean;
}

/** Creates or refreshes a member from their Slack profile (name, tz, bot, deactivated). */
export async function upsertMember(db: Db, p: MemberProfile): Promise<void> {
  await db
    .insertInto('member')
    .values({
      team_id: p.teamId,
      user_id: p.userId,
      display_name: p.displayName,
      tz: p.tz,
      is_bot: p.isBot,
      deactivated: p.deactivated,
      snoozed_until: null,
      weekly_cap: null,
      last_active_at: null,
    })
    .onConflict((oc) =>
      oc.columns(['team_id', 'user_id']).doUpdateSet({
        display_name: p.displayName,
        tz: p.tz,
        is_bot: p.isBot,
        deactivated: p.deactivated,
      }),
    )
    .execute();
}

export async function findMember(db: Db, teamId: string, userId: string): Promise<MemberRow | undefined> {
  return db
    .selectFrom('member')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/**
 * Moves each member's last-activity time forward from a batch of activity rows (one UPDATE per batch). The router
 * reads it at /ask time instead of aggregating the activity log for every candidate.
 */
export async function touchLastActive(
  db: Db,
  rows: Array<{ teamId: string; userId: string; at: Date }>,
): Promise<void> {
  const latest = new Map<string, { teamId: string; userId: string; at: Date }>();
  for (const row of rows) {
    const key = `${row.teamId}:${row.userId}`;
    const known = latest.get(key);
    if (!known || row.at > known.at) latest.set(key, row);
  }
  if (latest.size === 0) return;
  const values = [...latest.values()];
  await sql`
    UPDATE member SET last_active_at = batch.at
    FROM unnest(${values.map((v) => v.teamId)}::text[], ${values.map((v) => v.userId)}::text[], ${values.map((v) => v.at)}::timestamptz[])
      AS batch(team_id, user_id, at)
    WHERE member.team_id = batch.team_id AND member.user_id = batch.user_id
      AND (member.last_active_at IS NULL OR member.last_active_at < batch.at)`.execute(db);
}

export async function setAvailability(
  db: Db,
  teamId: string,
  userId: string,
  change: { routing_opt_out?: boolean; weekly_cap?: number | null; snoozed_until?: Date | null },
): Promise<void> {
  await db.updateTable('member').set(change).where('team_id', '=', teamId).where('user_id', '=', userId).execute();
}
