import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { nudgeFromDigest, rerouteFromDigest } from '../../../digest/digest-actions.service.js';
import { openSettingsFor } from '../../../digest/settings/settings.service.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

async function reply(args: ButtonArgs, text: string) {
  const channel = args.body.channel?.id;
  if (channel) await args.client.chat.postEphemeral({ channel, user: args.body.user.id, text }).catch(() => undefined);
  else await args.client.chat.postMessage({ channel: args.body.user.id, text }).catch(() => undefined);
}

/** Digest "Route now": re-routes the stale question. */
export function digestRoute(deps: Deps) {
  return async (args: ButtonArgs) => {
    await args.ack();
    try {
      await reply(
        args,
        await rerouteFromDigest(deps, { userId: args.body.user.id, questionId: Number(args.action.value) }),
      );
    } catch (error) {
      args.logger.error('digest route failed', error);
      await reply(args, 'Sorry, re-routing did not work. Please try again.');
    }
  };
}

/** Digest "Nudge": reminds the people an alert concerns. */
export function digestNudge(deps: Deps) {
  return async (args: ButtonArgs) => {
    await args.ack();
    try {
      await reply(
        args,
        await nudgeFromDigest(deps, args.client, { userId: args.body.user.id, value: args.action.value }),
      );
    } catch (error) {
      args.logger.error('digest nudge failed', error);
      await reply(args, 'Sorry, the reminders could not be sent. Please try again.');
    }
  };
}

/** "Open thread" is a link button: Slack opens the URL; the click still arrives and must be acknowledged. */
export function digestOpenThread() {
  return async ({ ack }: ButtonArgs) => {
    await ack();
  };
}

/** App Home "Settings" on a coordinated community: opens its settings modal. */
export function homeOpenSettings(deps: Deps) {
  return async (args: ButtonArgs) => {
    await args.ack();
    const outcome = await openSettingsFor(deps, args.client, {
      userId: args.body.user.id,
      communityId: Number(args.action.value),
      triggerId: args.body.trigger_id,
    });
    if (outcome.kind === 'refused') await reply(args, outcome.message);
  };
}
