import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import * as communities from '../../../communities/community.repository.js';
import type { Deps } from '../../../deps.js';
import { parseAskText } from '../../../questions/ask.js';
import { ASK_FAILED_MESSAGE, askOutcomeMessage } from '../../../questions/ask-messages.js';
import { acceptQuestion } from '../../../questions/question-intake.js';
import { askModal } from '../../blocks/ask-modal.js';

/**
 * `/ask <question>` stores the question and queues its posting (the worker posts it, suggests knowledge, routes it
 * and tells the asker how it went); `/ask` alone opens the modal. Acks first, then does the little that is left here.
 */
export function askCommand(deps: Deps) {
  return async ({ ack, command, client, respond, logger }: AllMiddlewareArgs & SlackCommandMiddlewareArgs) => {
    await ack();
    try {
      const parsed = parseAskText(command.text);
      if (parsed.kind === 'too-long') {
        await respond({
          response_type: 'ephemeral',
          text:
            `That question is ${parsed.length} characters long — a bit much for one line. ` +
            'Run `/ask` on its own to open a form with room for a title and details.',
        });
        return;
      }
      const notACommunity = () =>
        respond({ response_type: 'ephemeral', text: askOutcomeMessage({ kind: 'not-a-community' }) ?? '' });
      if (parsed.kind === 'empty') {
        const community = await communities.findCommunityByChannel(deps.db, command.channel_id);
        if (!community) {
          await notACommunity();
          return;
        }
        const vocabulary = await communities.loadVocabulary(deps.db, community.id);
        await client.views.open({
          trigger_id: command.trigger_id,
          view: askModal(command.channel_id, vocabulary.tags),
        });
        return;
      }
      const outcome = await acceptQuestion(deps, {
        teamId: command.team_id,
        channelId: command.channel_id,
        userId: command.user_id,
        title: parsed.title,
        details: parsed.details,
        pickedTags: [],
        requestKey: `command:${command.trigger_id}`,
      });
      if (outcome.kind === 'not-a-community') await notACommunity();
    } catch (error) {
      logger.error('ask command failed', error);
      await respond({ response_type: 'ephemeral', text: ASK_FAILED_MESSAGE });
    }
  };
}
