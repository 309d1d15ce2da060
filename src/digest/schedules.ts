import { validate } from 'node-cron';
import type { Deps } from '../deps.js';
import { listScheduledCommunities } from './digest.repository.js';
import { isValidTimeZone } from './period.js';

/** The scheduler id of a community's digest: stable, so upserting it again at boot changes nothing. */
export function digestSchedulerId(communityId: number): string {
  return `digest:${communityId}`;
}

/** True for a cron expression (5 fields, or 6 with seconds first) node-cron accepts. */
export function isValidDigestCron(expression: string): boolean {
  const trimmed = expression.trim();
  return trimmed.length > 0 && trimmed.length <= 100 && validate(trimmed);
}

/** The cron pattern of "every <weekday> at HH:MM" (weekday 0 = Sunday … 6 = Saturday). */
export function weeklyCron(weekday: number, time: string): string {
  const [hour, minute] = time.split(':').map(Number);
  return `${minute} ${hour} * * ${weekday}`;
}

/** The community fields a schedule is made of. */
export interface ScheduledCommunity {
  id: number;
  digest_cron: string;
  digest_tz: string;
  archived_at: Date | null;
}

export type ScheduleSync = 'upserted' | 'removed' | 'invalid';

/**
 * Makes the queue's scheduler match the community's settings: upserted (pattern and tz from the settings) while the
 * community is live, removed once it is archived. A stored pattern or zone that no longer validates is not
 * scheduled (and logged) rather than crashing the boot for every community.
 */
export async function syncDigestSchedule(
  deps: Pick<Deps, 'queue' | 'logger'>,
  community: ScheduledCommunity,
): Promise<ScheduleSync> {
  const id = digestSchedulerId(community.id);
  if (community.archived_at) {
    await deps.queue.removeScheduler(id);
    return 'removed';
  }
  if (!isValidDigestCron(community.digest_cron) || !isValidTimeZone(community.digest_tz)) {
    deps.logger.warn(
      { communityId: community.id, cron: community.digest_cron, tz: community.digest_tz },
      'invalid digest schedule; not scheduled',
    );
    await deps.queue.removeScheduler(id);
    return 'invalid';
  }
  await deps.queue.upsertScheduler(
    id,
    { pattern: community.digest_cron.trim(), tz: community.digest_tz },
    'weekly-digest',
    {
      communityId: community.id,
    },
  );
  return 'upserted';
}

/** At boot: one scheduler per live community, none for archived ones. Returns how many of each. */
export async function syncAllDigestSchedules(
  deps: Pick<Deps, 'db' | 'queue' | 'logger'>,
): Promise<Record<ScheduleSync, number>> {
  const counts: Record<ScheduleSync, number> = { upserted: 0, removed: 0, invalid: 0 };
  for (const community of await listScheduledCommunities(deps.db)) {
    counts[await syncDigestSchedule(deps, community)] += 1;
  }
  deps.logger.info(counts, 'digest schedules synced');
  return counts;
}
