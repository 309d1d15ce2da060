import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { findEntry, incrementCounter } from '../../../knowledge/knowledge.repository.js';
import { canSeeEntry, mayShareIn } from '../../../knowledge/visibility.js';
import { kbShareCard } from '../../blocks/knowledge-entry.js';
import { parseSaveMetadata } from '../../blocks/knowledge-save.js';
import type { ModalView } from '../../blocks/types.js';

function done(text: string): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Knowledge base' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}

/**
 * **Link to existing** in the near-duplicate modal: posts the existing entry's card in the source thread instead of
 * saving a copy — but only where the entry may be shown (a private entry stays in its own channel).
 */
export function kbLinkExisting(deps: Deps) {
  return async ({
    ack,
    body,
    action,
    client,
    logger,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>) => {
    await ack();
    const viewId = body.view?.id;
    const meta = parseSaveMetadata(body.view?.private_metadata ?? '');
    const entry = await findEntry(deps.db, Number(action.value));
    if (!viewId || !meta) return;
    try {
      if (!entry || !(await canSeeEntry(deps, client, entry, body.user.id)) || !mayShareIn(entry, meta.channel)) {
        await client.views.update({
          view_id: viewId,
          view: done("That entry can't be linked from this conversation."),
        });
        return;
      }
      await client.chat.postMessage({
        channel: meta.channel,
        thread_ts: meta.ts,
        text: `Already in the knowledge base: ${entry.title.slice(0, 200)}`,
        blocks: kbShareCard(entry, body.user.id),
      });
      await incrementCounter(deps.db, entry.id, 'reuses');
      await client.views.update({ view_id: viewId, view: done('Linked: the existing entry is now in the thread.') });
    } catch (error) {
      logger.error('kb link existing failed', error);
    }
  };
}
