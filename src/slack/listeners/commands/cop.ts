import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { setUpCommunity } from '../../../communities/community.service.js';
import { communityCacheFor } from '../../../communities/community-cache.js';
import { syncCommunitySchedules } from '../../../communities/community-schedules.js';
import type { Deps } from '../../../deps.js';

const HELP =
  '*Praxis community commands*\n' +
  '• `/cop setup` — make this channel a community channel, with you as its coordinator\n' +
  '• `/ask <question>` — ask the community; `/kb <words>` — search its knowledge; `/expertise` — what you know';

/** `/cop setup` and help. Settings and `/cop digest` are dispatched here too as they arrive. */
export function copCommand(deps: Deps, subcommands: Record<string, CopSubcommand> = {}) {
  return async (args: AllMiddlewareArgs & SlackCommandMiddlewareArgs) => {
    const { ack, command, client, respond, logger } = args;
    await ack();
    const [word = '', ...rest] = command.text.trim().split(/\s+/);
    const sub = word.toLowerCase();
    try {
      if (sub === 'setup') {
        const info = await client.conversations.info({ channel: command.channel_id });
        const channel = info.channel;
        const result = await setUpCommunity(deps, {
          teamId: command.team_id,
          channelId: command.channel_id,
          channelName: channel?.name ?? command.channel_name,
          isPrivate: Boolean(channel?.is_private || channel?.is_im || channel?.is_mpim),
          userId: command.user_id,
        });
        // A new community gets its digest and router-training schedules now, not at the next restart.
        if (result.kind === 'created') {
          await syncCommunitySchedules(deps, result.community);
          communityCacheFor(deps).forget(command.channel_id);
        }
        await respond({
          response_type: 'ephemeral',
          text:
            result.kind === 'created'
              ? `:seedling: <#${command.channel_id}> is now the *${result.community.name}* community, with you as coordinator. ` +
                'Questions asked here with `/ask` go to 3 experts and escalate after 24 h. Run `/cop` to change the settings.'
              : `<#${command.channel_id}> is already the *${result.community.name}* community ` +
                `(coordinators: ${result.coordinators.map((u) => `<@${u}>`).join(', ')}).`,
        });
        return;
      }
      const handler = subcommands[sub];
      if (handler) {
        await handler(args, rest.join(' '));
        return;
      }
      await respond({
        response_type: 'ephemeral',
        text: sub && sub !== 'help' ? `I don't know \`/cop ${word}\`.\n${HELP}` : HELP,
      });
    } catch (error) {
      logger.error('cop command failed', error);
      await respond({
        response_type: 'ephemeral',
        text: 'Sorry, that did not work. Nothing was changed; please try again.',
      });
    }
  };
}

/** A `/cop <word>` handler added by a feature (settings, digest). It runs after the ack. */
export type CopSubcommand = (args: AllMiddlewareArgs & SlackCommandMiddlewareArgs, rest: string) => Promise<void>;
