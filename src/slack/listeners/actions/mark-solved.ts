import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { markSolved } from '../../../questions/solve.service.js';

/** "That solved it" under an answer: only the asker or a coordinator; everyone else is told kindly. */
export function markSolvedAction(deps: Deps) {
  return async ({
    ack,
    action,
    body,
    client,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    const outcome = await markSolved(deps, client, { answerId: Number(action.value), byUserId: body.user.id });
    const channel = body.channel?.id;
    if (!channel) return;
    if (outcome.kind === 'not-allowed') {
      await client.chat.postEphemeral({
        channel,
        user: body.user.id,
        text: 'Only the person who asked (or a coordinator) can mark the answer that solved it.',
      });
    } else if (outcome.kind === 'solved' && body.message?.ts) {
      await client.chat.update({
        channel,
        ts: body.message.ts,
        text: `Marked as solved by <@${body.user.id}>.`,
        blocks: [
          {
            type: 'context',
            elements: [{ type: 'mrkdwn', text: `:white_check_mark: Marked as solved by <@${body.user.id}>.` }],
          },
        ],
      });
    }
  };
}
