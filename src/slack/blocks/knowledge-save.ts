import type { KnowledgeEntryRow } from '../../knowledge/knowledge.repository.js';
import type { EntryDraft } from '../../knowledge/save.js';
import { escapeAndTruncate } from '../text.js';
import type { KnownBlock, ModalView } from './types.js';

/** Callback id of the "Save to knowledge base" modal, and the action id of its **Link to existing** button. */
export const KB_SAVE_MODAL = 'kb_save';
export const KB_LINK_EXISTING = 'kb_link_existing';

/** What the modal carries between opening and submission (kept small: private_metadata holds 3,000 characters). */
export interface SaveMetadata {
  channel: string;
  ts: string;
  answererId: string | null;
  contributors: string[];
  /** Set once the user saw the near-duplicate warning and chose to save anyway. */
  force: boolean;
}

function input(
  blockId: string,
  label: string,
  value: string,
  max: number,
  multiline: boolean,
  optional = false,
): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional,
    label: { type: 'plain_text', text: label },
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline,
      max_length: max,
      ...(value ? { initial_value: value.slice(0, max) } : {}),
    },
  };
}

/**
 * The save modal, prefilled from the thread. With `duplicate`, it is the near-duplicate variant: a warning naming
 * the existing entry, a **Link to existing** button, and a submit button that reads **Save anyway**.
 */
export function kbSaveModal(draft: EntryDraft, meta: SaveMetadata, duplicate?: KnowledgeEntryRow): ModalView {
  const warning: KnownBlock[] = duplicate
    ? [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: `This looks like an existing entry: *${escapeAndTruncate(duplicate.title, 300)}*. Link the thread to it, or save a new entry anyway.`,
          },
        },
        {
          type: 'actions',
          block_id: 'kb_duplicate',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Link to existing' },
              action_id: KB_LINK_EXISTING,
              value: String(duplicate.id),
              style: 'primary',
            },
          ],
        },
      ]
    : [];
  return {
    type: 'modal',
    callback_id: KB_SAVE_MODAL,
    private_metadata: JSON.stringify(meta).slice(0, 3000),
    title: { type: 'plain_text', text: 'Save to knowledge base' },
    submit: { type: 'plain_text', text: duplicate ? 'Save anyway' : 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      ...warning,
      input('title', 'Title', draft.title, 150, false),
      input('question', 'Question', draft.question, 3000, true, true),
      input('answer', 'Answer', draft.answer, 3000, true),
      input('tags', 'Tags (comma separated)', draft.tags.join(', '), 300, false, true),
    ],
  };
}

/** Reads the modal's private_metadata back; anything malformed yields null (the submission is then refused). */
export function parseSaveMetadata(raw: string): SaveMetadata | null {
  try {
    const m = JSON.parse(raw) as Partial<SaveMetadata>;
    if (typeof m.channel !== 'string' || typeof m.ts !== 'string') return null;
    return {
      channel: m.channel,
      ts: m.ts,
      answererId: typeof m.answererId === 'string' ? m.answererId : null,
      contributors: Array.isArray(m.contributors) ? m.contributors.filter((u) => typeof u === 'string') : [],
      force: m.force === true,
    };
  } catch {
    return null;
  }
}
