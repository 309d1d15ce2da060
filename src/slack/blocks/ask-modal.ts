import { MAX_DETAILS_LENGTH, MAX_TITLE_LENGTH } from '../../questions/ask.js';
import { truncate } from '../text.js';
import type { ModalView } from './types.js';

export const ASK_MODAL = 'ask_modal';
export const ASK_BLOCKS = {
  title: 'ask_title',
  details: 'ask_details',
  tags: 'ask_tags',
  newTags: 'ask_new_tags',
} as const;

/** `/ask` with no text: a modal with title, details, and tags to pick (the vocabulary) or type. */
export function askModal(channelId: string, vocabulary: string[], prefillTitle = ''): ModalView {
  const blocks: ModalView['blocks'] = [
    {
      type: 'input',
      block_id: ASK_BLOCKS.title,
      label: { type: 'plain_text', text: 'Your question' },
      element: {
        type: 'plain_text_input',
        action_id: 'value',
        max_length: MAX_TITLE_LENGTH,
        placeholder: { type: 'plain_text', text: 'e.g. How do we rotate the staging database credentials?' },
        ...(prefillTitle ? { initial_value: truncate(prefillTitle, MAX_TITLE_LENGTH) } : {}),
      },
    },
    {
      type: 'input',
      block_id: ASK_BLOCKS.details,
      optional: true,
      label: { type: 'plain_text', text: 'Details' },
      hint: {
        type: 'plain_text',
        text: 'What you tried, what you expected, links. The more context, the better the routing.',
      },
      element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: MAX_DETAILS_LENGTH },
    },
  ];
  if (vocabulary.length > 0) {
    blocks.push({
      type: 'input',
      block_id: ASK_BLOCKS.tags,
      optional: true,
      label: { type: 'plain_text', text: 'Tags' },
      element: {
        type: 'multi_static_select',
        action_id: 'value',
        placeholder: { type: 'plain_text', text: 'Pick the topics' },
        options: vocabulary
          .slice(0, 100)
          .map((tag) => ({ text: { type: 'plain_text', text: truncate(tag, 75) }, value: truncate(tag, 75) })),
      },
    });
  }
  blocks.push({
    type: 'input',
    block_id: ASK_BLOCKS.newTags,
    optional: true,
    label: { type: 'plain_text', text: vocabulary.length > 0 ? 'Other tags' : 'Tags' },
    hint: { type: 'plain_text', text: 'Separate with commas or spaces, e.g. postgres, backups' },
    element: { type: 'plain_text_input', action_id: 'value', max_length: 200 },
  });
  return {
    type: 'modal',
    callback_id: ASK_MODAL,
    private_metadata: channelId,
    title: { type: 'plain_text', text: 'Ask the community' },
    submit: { type: 'plain_text', text: 'Ask' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}
