import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { markReviewed, retireEntry } from '../../../knowledge/entry-lifecycle.repository.js';
import { mayEdit } from '../../../knowledge/kb.service.js';
import { findEntry } from '../../../knowledge/knowledge.repository.js';
import { escapeAndTruncate } from '../../text.js';
import { kbUpdateModal } from '../views/kb-update.js';

type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

const REFUSAL =
  "Only the entry's author, the expert who answered it, or a coordinator of its community can change it. " +
  "If it looks wrong, press **Didn't help** and it will go back to them.";

/** The review card's buttons: **Still right** marks it reviewed, **Retire** retires it, **Update** opens the editor. */
export function kbReviewAction(deps: Deps, kind: 'still-right' | 'retire' | 'update') {
  return async ({ ack, body, action, client, respond, logger }: ButtonArgs) => {
    await ack();
    try {
      const entry = await findEntry(deps.db, Number(action.value));
      if (!entry || entry.team_id !== body.team?.id) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: 'That entry no longer exists.' });
        return;
      }
      if (!(await mayEdit(deps, entry, body.user.id))) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: REFUSAL.replace(/\*\*/g, '*') });
        return;
      }
      const title = escapeAndTruncate(entry.title, 300);
      if (kind === 'update') {
        await client.views.open({ trigger_id: body.trigger_id, view: kbUpdateModal(entry) });
        return;
      }
      if (kind === 'still-right') {
        await markReviewed(deps.db, entry.id, deps.now());
        await respond({ replace_original: true, text: `Thanks! *${title}* is marked as still right.` });
      } else {
        await retireEntry(deps.db, entry.id, deps.now());
        await respond({ replace_original: true, text: `*${title}* is retired: it won't be found or suggested again.` });
      }
    } catch (error) {
      logger.error(`kb review ${kind} failed`, error);
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'Sorry, that did not work. Please try again.',
      });
    }
  };
}
