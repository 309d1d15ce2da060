import { escapeAndTruncate, truncate } from '../text.js';
import type { ModalView } from './types.js';

export const EXPERT_ANSWER_MODAL = 'expert_answer_modal';
export const EXPERT_HANDOFF_MODAL = 'expert_handoff_modal';
export const EXPERT_MODAL_BLOCKS = {
  answer: 'expert_answer_text',
  person: 'expert_handoff_person',
  note: 'expert_handoff_note',
} as const;

/** The expert's answer form; the routing id travels in private_metadata. */
export function expertAnswerModal(routingId: number, questionTitle: string): ModalView {
  return {
    type: 'modal',
    callback_id: EXPERT_ANSWER_MODAL,
    private_metadata: String(routingId),
    title: { type: 'plain_text', text: 'Answer the question' },
    submit: { type: 'plain_text', text: 'Post answer' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${escapeAndTruncate(questionTitle, 2800)}*` } },
      {
        type: 'input',
        block_id: EXPERT_MODAL_BLOCKS.answer,
        label: { type: 'plain_text', text: 'Your answer' },
        hint: { type: 'plain_text', text: 'It is posted in the question thread under your name.' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000 },
      },
    ],
  };
}

/** "Hand off to…": a person picker and an optional note. */
export function expertHandoffModal(routingId: number, questionTitle: string): ModalView {
  return {
    type: 'modal',
    callback_id: EXPERT_HANDOFF_MODAL,
    private_metadata: String(routingId),
    title: { type: 'plain_text', text: 'Hand off' },
    submit: { type: 'plain_text', text: 'Hand off' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `Who should answer *${escapeAndTruncate(truncate(questionTitle, 200), 600)}*?` },
      },
      {
        type: 'input',
        block_id: EXPERT_MODAL_BLOCKS.person,
        label: { type: 'plain_text', text: 'Person' },
        element: {
          type: 'users_select',
          action_id: 'value',
          placeholder: { type: 'plain_text', text: 'Pick a colleague' },
        },
      },
      {
        type: 'input',
        block_id: EXPERT_MODAL_BLOCKS.note,
        optional: true,
        label: { type: 'plain_text', text: 'Note for them' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500 },
      },
    ],
  };
}
