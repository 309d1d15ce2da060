import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ASK_FAILED_MESSAGE, askOutcomeMessage } from '../../../questions/ask-messages.js';
import { acceptQuestion } from '../../../questions/question-intake.js';
import { tellAsker } from '../../../questions/question-posts.js';
import { normalizeTag } from '../../../questions/tags.js';
import { ASK_BLOCKS } from '../../blocks/ask-modal.js';

/** The ask modal's submission: validates, closes the modal at once, then stores the question and queues its posting. */
export function askModalSubmitted(deps: Deps) {
  return async ({ ack, view, body, logger }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
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
      const outcome = await acceptQuestion(deps, {
        teamId: body.team?.id ?? body.user.team_id ?? '',
        channelId,
        userId: body.user.id,
        title,
        details: values[ASK_BLOCKS.details]?.value?.value?.trim() ?? '',
        pickedTags: [...picked, ...typed],
        requestKey: `view:${view.id}`,
      });
      // The modal was opened from a community channel, but it may have been archived since.
      if (outcome.kind === 'not-a-community') {
        await tellAsker(
          deps,
          { channel_id: channelId, asker_id: body.user.id },
          askOutcomeMessage({ kind: 'not-a-community' }) ?? '',
        );
      }
    } catch (error) {
      logger.error('ask modal submission failed', error);
      await tellAsker(deps, { channel_id: channelId, asker_id: body.user.id }, ASK_FAILED_MESSAGE).catch(
        (tellError: unknown) => logger.error('could not tell the asker', tellError),
      );
    }
  };
}
