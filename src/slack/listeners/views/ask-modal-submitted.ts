import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { askQuestion } from '../../../questions/question.service.js';
import { normalizeTag } from '../../../questions/tags.js';
import { ASK_BLOCKS } from '../../blocks/ask-modal.js';
import { askOutcomeMessage } from '../commands/ask-messages.js';

/** The ask modal's submission: validates, closes the modal at once, then posts the question. */
export function askModalSubmitted(deps: Deps) {
  return async ({ ack, view, body, client, logger }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const values = view.state.values;
    const title = values[ASK_BLOCKS.title]?.value?.value?.trim() ?? '';
    if (!title) {
      await ack({ response_action: 'errors', errors: { [ASK_BLOCKS.title]: 'Please write your question here.' } });
      return;
    }
    await ack();
    const channelId = view.private_metadata;
    const picked = values[ASK_BLOCKS.tags]?.value?.selected_options?.map((o) => o.value) ?? [];
    const typed = (values[ASK_BLOCKS.newTags]?.value?.value ?? '')
      .split(/[\s,]+/)
      .map(normalizeTag)
      .filter(Boolean);
    try {
      const outcome = await askQuestion(deps, client, {
        teamId: body.team?.id ?? body.user.team_id ?? '',
        channelId,
        userId: body.user.id,
        title,
        details: values[ASK_BLOCKS.details]?.value?.value?.trim() ?? '',
        pickedTags: [...picked, ...typed],
        requestKey: `view:${view.id}`,
      });
      const message = askOutcomeMessage(outcome);
      if (message) await client.chat.postEphemeral({ channel: channelId, user: body.user.id, text: message });
    } catch (error) {
      logger.error('ask modal submission failed', error);
      await client.chat.postEphemeral({
        channel: channelId,
        user: body.user.id,
        text: 'Sorry, something went wrong posting your question. Please try `/ask` again in a moment.',
      });
    }
  };
}
