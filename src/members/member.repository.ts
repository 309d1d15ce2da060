import type { Kysely, Selectable, Transaction } from 'kysely';
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

export async function touchActivity(db: Db, teamId: string, userId: string, at: Date): Promise<void> {
  await db
    .updateTable('member')
    .set({ last_active_at: at })
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_active_at', 'is', null), eb('last_active_at', '<', at)]))
    .execute();
}

export async function setAvailability(
  db: Db,
  teamId: string,
  userId: string,
  change: { routing_opt_out?: boolean; weekly_cap?: number | null; snoozed_until?: Date | null },
): Promise<void> {
  await db.updateTable('member').set(change).where('team_id', '=', teamId).where('user_id', '=', userId).execute();
}
