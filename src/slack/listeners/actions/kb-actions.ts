import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { countFeedback, countView, kbSearchPage, recordKbActivity } from '../../../knowledge/kb.service.js';
import { findEntry, incrementCounter } from '../../../knowledge/knowledge.repository.js';
import { canSeeEntry, mayShareIn } from '../../../knowledge/visibility.js';
import { kbEntryModal, kbShareCard } from '../../blocks/knowledge-entry.js';
import { decodeKbValue, kbResultsBlocks } from '../../blocks/knowledge-results.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;
type Kind = 'view' | 'share' | 'helpful' | 'missed';

const GONE = "That entry isn't available to you any more (it may have been retired).";

/**
 * The buttons on /kb results and shared cards. Every click re-checks that the clicker may see the entry: a button
 * value is just text, so a crafted or stale one must not reveal, share or count a private entry.
 */
export function kbEntryAction(deps: Deps, kind: Kind) {
  return async ({ ack, body, action, client, respond, logger }: ButtonArgs) => {
    await ack();
    try {
      const { entryId } = decodeKbValue(action.value);
      const entry = entryId === undefined ? undefined : await findEntry(deps.db, entryId);
      if (!entry || entry.team_id !== body.team?.id || !(await canSeeEntry(deps, client, entry, body.user.id))) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: GONE });
        return;
      }
      const channelId = body.channel?.id;
      if (kind === 'view') {
        await client.views.open({ trigger_id: body.trigger_id, view: kbEntryModal(entry) });
        await countView(deps, client, entry, body.user.id);
      } else if (kind === 'share') {
        if (!channelId || !mayShareIn(entry, channelId)) {
          await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: 'That entry comes from a private conversation, so it can only be shared back there.',
          });
          return;
        }
        await client.chat.postMessage({
          channel: channelId,
          text: `Shared from the knowledge base: ${entry.title.slice(0, 200)}`,
          blocks: kbShareCard(entry, body.user.id),
        });
        await incrementCounter(deps.db, entry.id, 'reuses');
        await recordKbActivity(deps, entry, body.user.id, 'knowledge_reused', channelId);
      } else {
        await countFeedback(deps, client, entry, body.user.id, kind === 'helpful');
        await respond({ response_type: 'ephemeral', replace_original: false, text: 'Thanks for the feedback!' });
      }
    } catch (error) {
      logger.error(`kb ${kind} failed`, error);
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'Sorry, that did not work. Please try again.',
      });
    }
  };
}

/** Previous / Next: re-runs the search for the requested page and replaces the ephemeral results in place. */
export function kbPageAction(deps: Deps) {
  return async ({ ack, body, action, client, respond, logger }: ButtonArgs) => {
    await ack();
    try {
      const { query, page } = decodeKbValue(action.value);
      const teamId = body.team?.id ?? '';
      const { results, hasNext } = await kbSearchPage(deps, client, { teamId, userId: body.user.id }, query, page);
      await respond({
        replace_original: true,
        text: `Knowledge base results, page ${page + 1}`,
        blocks: kbResultsBlocks(query, page, results, hasNext),
      });
    } catch (error) {
      logger.error('kb paging failed', error);
    }
  };
}
