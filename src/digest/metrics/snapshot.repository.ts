import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Snapshot } from './types.js';

type Db = Kysely<Database>;

/** Stores a week's snapshot once: the first write wins, so a retried digest never rewrites history. */
export async function saveSnapshot(
  db: Db,
  communityId: number,
  week: { startDate: string; endDate: string },
  snapshot: Snapshot,
): Promise<void> {
  await db
    .insertInto('weekly_snapshot')
    .values({
      community_id: communityId,
      week_start: week.startDate,
      week_end: week.endDate,
      metrics: JSON.stringify(snapshot),
    })
    .onConflict((oc) => oc.columns(['community_id', 'week_start']).doNothing())
    .execute();
}

/** Up to `limit` snapshots of weeks starting before `beforeDate` (YYYY-MM-DD), oldest first. */
export async function listSnapshots(
  db: Db,
  communityId: number,
  beforeDate: string,
  limit: number,
): Promise<Snapshot[]> {
  const rows = await db
    .selectFrom('weekly_snapshot')
    .select(['metrics', sql<string>`week_start::text`.as('week_start')])
    .where('community_id', '=', communityId)
    .where('week_start', '<', beforeDate)
    .orderBy('week_start', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((r) => ({ ...(r.metrics as unknown as Snapshot), weekStart: r.week_start }));
}

/** Which of these week starts already have a snapshot. */
export async function existingSnapshotWeeks(db: Db, communityId: number, weekStarts: string[]): Promise<Set<string>> {
  if (weekStarts.length === 0) return new Set();
  const rows = await db
    .selectFrom('weekly_snapshot')
    .select(sql<string>`week_start::text`.as('week_start'))
    .where('community_id', '=', communityId)
    .where('week_start', 'in', weekStarts)
    .execute();
  return new Set(rows.map((r) => r.week_start));
}
