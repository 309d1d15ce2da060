import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.js';

/** Shared SQL fragments and helpers for the metric queries. */

/** `not exists` a bot member row for this (team, user): bots never count (CHAOSS and Discourse filter them too). */
export function human(teamColumn: string, userColumn: string): RawBuilder<boolean> {
  return sql<boolean>`not exists (select 1 from member bot where bot.team_id = ${sql.ref(teamColumn)} and bot.user_id = ${sql.ref(userColumn)} and bot.is_bot)`;
}

/**
 * Activity kinds that make someone "engaged" (B1): posted, replied, reacted, asked, answered, accepted, captured.
 * activity_member_day's first/last engaged times use the same list (migration 2026_11_29_17_00_00): changing it
 * needs a migration that replaces its triggers and recomputes the rollup.
 */
export const ENGAGED_KINDS = [
  'message',
  'reaction_added',
  'question_asked',
  'answer_posted',
  'answer_accepted',
  'knowledge_created',
] as const;

/**
 * Activity kinds that are a contribution (C2, C4): something a person wrote, not a reaction. The triggers that keep
 * activity_member_summary.first_contribution_at and activity_member_day.last_contribution_at use the same list
 * (migrations 2026_11_29_14_10_00 and 2026_11_29_17_00_00): changing it needs a migration that replaces them and
 * recomputes the columns.
 */
export const CONTRIBUTION_KINDS = ['message', 'question_asked', 'answer_posted', 'knowledge_created'] as const;

/** Membership events (C1, C3, the known-members estimate); activity_event_membership_index covers exactly these. */
export const MEMBERSHIP_KINDS = ['member_joined', 'member_left'] as const;

/** Reactions that say "thanks" (F1): 🙏 ✅ ✔️ 🎉. activity_member_day.thanks counts the same (2026_11_29_17_00_00). */
export const THANKS_EMOJI = ['pray', 'white_check_mark', 'heavy_check_mark', 'tada'] as const;

/** A literal list for `in (...)`. */
export function list(values: readonly string[]): RawBuilder<unknown> {
  return sql.join(values.map((v) => sql.lit(v)));
}

/** `t − hours`. */
export function hoursBefore(t: Date, hours: number): Date {
  return new Date(t.getTime() - hours * 3_600_000);
}

/** Divides, or null when the denominator is 0 (a rate over nothing is not 0%). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/** Coerces a numeric column that pg may return as a string. */
export function num(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Like num, but keeps null. */
export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/**
 * Runs `fn` in a transaction without parallel workers. The digest already runs its queries side by side (and the
 * weekly job runs several digests at once); a parallel plan for one of them only adds worker start-up and
 * contention on a small machine: the member-window aggregate took 480 ms with two workers and 85 ms without.
 * BEGIN and SET LOCAL go in one round trip (a parameterless statement uses the simple protocol, which allows
 * several): a small community's digest is bound by its ~30 statements, not by their work.
 */
export function withoutParallelism<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin; set local max_parallel_workers_per_gather = 0`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}
