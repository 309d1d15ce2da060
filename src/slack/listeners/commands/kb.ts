import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { kbSearchPage } from '../../../knowledge/kb.service.js';
import { kbNoResultsText, kbResultsBlocks } from '../../blocks/knowledge-results.js';

/** `/kb <words>` searches the knowledge base; `/kb` alone lists the most reused entries. Results are ephemeral. */
export function kbCommand(deps: Deps) {
  return async ({ ack, command, client, respond, logger }: AllMiddlewareArgs & SlackCommandMiddlewareArgs) => {
    await ack();
    try {
      const query = command.text.trim().slice(0, 500);
      const { results, hasNext } = await kbSearchPage(
        deps,
        client,
        { teamId: command.team_id, userId: command.user_id },
        query,
        0,
      );
      if (results.length === 0) {
        const text = query ? kbNoResultsText(query) : 'The knowledge base is empty so far. Solved questions land here.';
        await respond({ response_type: 'ephemeral', text });
        return;
      }
      await respond({
        response_type: 'ephemeral',
        text: `Knowledge base results for ${query || 'the most reused entries'}`,
        blocks: kbResultsBlocks(query, 0, results, hasNext),
      });
    } catch (error) {
      logger.error('kb command failed', error);
      await respond({ response_type: 'ephemeral', text: 'Sorry, the knowledge base search failed. Please try again.' });
    }
  };
}
