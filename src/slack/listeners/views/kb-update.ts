import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { updateEntryText } from '../../../knowledge/entry-lifecycle.repository.js';
import { mayEdit } from '../../../knowledge/kb.service.js';
import { findEntry, type KnowledgeEntryRow } from '../../../knowledge/knowledge.repository.js';
import type { ModalView } from '../../blocks/types.js';

/** Callback id of the entry editor. */
export const KB_UPDATE_MODAL = 'kb_update';

/** The editor for an entry's title and answer (plain_text inputs prefilled; Slack caps initial values at 3,000). */
export function kbUpdateModal(entry: KnowledgeEntryRow): ModalView {
  return {
    type: 'modal',
    callback_id: KB_UPDATE_MODAL,
    private_metadata: String(entry.id),
    title: { type: 'plain_text', text: 'Update entry' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'title',
        label: { type: 'plain_text', text: 'Title' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          initial_value: entry.title.slice(0, 150),
          max_length: 150,
        },
      },
      {
        type: 'input',
        block_id: 'answer',
        label: { type: 'plain_text', text: 'Answer' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
          initial_value: entry.answer.slice(0, 3000),
          max_length: 3000,
        },
      },
    ],
  };
}

/** Saves the edit after re-checking that the submitter may edit this entry (the modal could be stale). */
export function kbUpdateSubmitted(deps: Deps) {
  return async ({ ack, view, body, logger }: AllMiddlewareArgs & SlackViewMiddlewareArgs) => {
    const entry = await findEntry(deps.db, Number(view.private_metadata));
    const title = view.state.values.title?.value?.value?.trim() ?? '';
    const answer = view.state.values.answer?.value?.value?.trim() ?? '';
    if (!entry || !(await mayEdit(deps, entry, body.user.id))) {
      await ack({ response_action: 'errors', errors: { title: 'You can no longer edit this entry.' } });
      return;
    }
    if (!title || !answer) {
      await ack({
        response_action: 'errors',
        errors: title ? { answer: 'Please write an answer.' } : { title: 'Please add a title.' },
      });
      return;
    }
    // Saved before the ack (one quick UPDATE), so a failure can be shown in the modal instead of being lost.
    try {
      await updateEntryText(deps.db, entry.id, { title, answer }, deps.now());
    } catch (error) {
      logger.error('kb update failed', error);
      await ack({ response_action: 'errors', errors: { answer: 'Saving failed; please try again.' } });
      return;
    }
    await ack();
  };
}
