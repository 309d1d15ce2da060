import type { Deps } from '../deps.js';
import { listScheduledCommunities } from '../digest/digest.repository.js';
import { isValidTimeZone } from '../digest/period.js';
import type { Processor } from '../jobs/job-types.js';
import { trainCommunityRouter } from './router-training.js';

/** Every night at 03:30 in the community's zone: quiet hours, and after the day's answers are in. */
export const ROUTER_TRAINING_PATTERN = '0 30 3 * * *';

/** The scheduler id of a community's training: stable, so upserting it again at boot changes nothing. */
export function routerTrainingSchedulerId(communityId: number): string {
  return `train-router:${communityId}`;
}

/**
 * 'train-router': retrains one community's ranker. Safe to retry or run twice: each run recomputes the model from
 * the stored history and overwrites the community's single row.
 */
export function trainRouterProcessor(deps: Deps): Processor<'train-router'> {
  return async ({ communityId }) => trainCommunityRouter(deps, communityId, deps.now());
}

/**
 * At boot, next to the digest schedules: a daily training per live community (in its digest zone, UTC when that
 * zone no longer validates — training must not stop over a digest setting), none for archived ones.
 */
export async function syncAllRouterTrainingSchedules(
  deps: Pick<Deps, 'db' | 'queue' | 'logger'>,
): Promise<{ upserted: number; removed: number }> {
  const counts = { upserted: 0, removed: 0 };
  for (const community of await listScheduledCommunities(deps.db)) {
    counts[await syncRouterTrainingSchedule(deps, community)] += 1;
  }
  deps.logger.info(counts, 'router training schedules synced');
  return counts;
}

/** One community's daily training: upserted while it is live (in its digest zone, or UTC), removed once archived. */
export async function syncRouterTrainingSchedule(
  deps: Pick<Deps, 'queue'>,
  community: { id: number; digest_tz: string; archived_at: Date | null },
): Promise<'upserted' | 'removed'> {
  const id = routerTrainingSchedulerId(community.id);
  if (community.archived_at) {
    await deps.queue.removeScheduler(id);
    return 'removed';
  }
  const tz = isValidTimeZone(community.digest_tz) ? community.digest_tz : 'UTC';
  await deps.queue.upsertScheduler(id, { pattern: ROUTER_TRAINING_PATTERN, tz }, 'train-router', {
    communityId: community.id,
  });
  return 'upserted';
}
