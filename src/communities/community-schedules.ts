import type { Deps } from '../deps.js';
import { type ScheduledCommunity, syncDigestSchedule } from '../digest/schedules.js';
import { syncRouterTrainingSchedule } from '../questions/router-training.processor.js';

/**
 * Everything that runs on a schedule for one community — its weekly digest and its nightly router training — made to
 * match its settings. Called when a community is created, when its settings change, and (for all) at boot.
 */
export async function syncCommunitySchedules(
  deps: Pick<Deps, 'queue' | 'logger'>,
  community: ScheduledCommunity,
): Promise<void> {
  await syncDigestSchedule(deps, community);
  await syncRouterTrainingSchedule(deps, community);
}
