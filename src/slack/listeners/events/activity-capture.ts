import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { activityFromMembershipEvent, activityFromReactionEvent } from '../../../activity/activity-events.js';
import { communityCacheFor } from '../../../communities/community-cache.js';
import type { Deps } from '../../../deps.js';

type CapturedEvent = 'reaction_added' | 'reaction_removed' | 'member_left_channel';

/**
 * Records reactions and departures in community channels as metadata (who, what, when) for the digest. Writes go
 * through the batched recorder so a busy channel does not slow the app.
 */
export function captureActivity<E extends CapturedEvent>(deps: Deps) {
  return async ({ event, body, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<E>) => {
    const channel =
      'item' in event ? (event.item as { channel?: string }).channel : (event as { channel?: string }).channel;
    if (!channel) return;
    const community = await communityCacheFor(deps).get(deps, channel);
    if (!community) return;
    const teamId = (body as { team_id?: string }).team_id ?? community.team_id;
    const options = { botUserIds: new Set(context.botUserId ? [context.botUserId] : []) };
    const row =
      event.type === 'member_left_channel'
        ? activityFromMembershipEvent(event, community.id, teamId, options)
        : activityFromReactionEvent(event as never, community.id, teamId, options);
    if (row) deps.activity.record(row);
  };
}
