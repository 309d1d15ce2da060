import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { insertActivity } from '../../../activity/activity.repository.js';
import * as communities from '../../../communities/community.repository.js';
import type { Deps } from '../../../deps.js';
import { ensureMember } from '../../../members/member.service.js';

/** A newcomer in a community channel gets a friendly welcome that invites them to declare their expertise. */
export function memberJoinedChannel(deps: Deps) {
  return async ({
    event,
    body,
    client,
    logger,
  }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'member_joined_channel'>) => {
    try {
      const community = await communities.findCommunityByChannel(deps.db, event.channel);
      if (!community) return;
      const teamId = event.team ?? (body as { team_id?: string }).team_id ?? community.team_id;
      const member = await ensureMember(deps, client, teamId, event.user);
      await insertActivity(deps.db, [
        {
          teamId,
          communityId: community.id,
          channelId: event.channel,
          userId: event.user,
          kind: 'member_joined',
          occurredAt: deps.now(),
          sourceKey: `member_joined:${(body as { event_id?: string }).event_id ?? `${event.channel}:${event.user}:${event.event_ts}`}`,
        },
      ]);
      if (member.is_bot) return;
      await client.chat.postEphemeral({
        channel: event.channel,
        user: event.user,
        text:
          `:wave: Welcome to *${community.name}*, <@${event.user}>! This community answers each other's questions. ` +
          'Tell us what you know with `/expertise` so the right questions find you, ask with `/ask`, ' +
          'and search what we already know with `/kb`.',
      });
    } catch (error) {
      logger.error('welcoming a newcomer failed', error);
    }
  };
}
