import type { ExpertiseRow } from '../../expertise/expertise.repository.js';
import type { MemberRow } from '../../members/member.repository.js';
import { truncate } from '../text.js';
import type { KnownBlock, ModalView } from './types.js';

export const EXPERTISE_MODAL = 'expertise_modal';
export const EXPERTISE_BLOCKS = {
  tags: 'xp_tags',
  newTags: 'xp_new_tags',
  snooze: 'xp_snooze',
  cap: 'xp_cap',
  optOut: 'xp_opt_out',
} as const;

/** `/expertise`: declare tags, see what you have earned, set availability or opt out of routing. */
export function expertiseModal(vocabulary: string[], expertise: ExpertiseRow[], member: MemberRow): ModalView {
  const declared = expertise.filter((e) => e.declared).map((e) => e.tag);
  const options = [...new Set([...vocabulary, ...declared])]
    .slice(0, 100)
    .map((tag) => ({ text: { type: 'plain_text' as const, text: truncate(tag, 75) }, value: truncate(tag, 75) }));
  const earned = expertise.filter((e) => e.answers + e.accepted > 0);
  const blocks: KnownBlock[] = [];
  if (options.length > 0) {
    blocks.push({
      type: 'input',
      block_id: EXPERTISE_BLOCKS.tags,
      optional: true,
      label: { type: 'plain_text', text: 'What you know' },
      element: {
        type: 'multi_static_select',
        action_id: 'value',
        options,
        ...(declared.length ? { initial_options: options.filter((o) => declared.includes(o.value)) } : {}),
      },
    });
  }
  blocks.push(
    {
      type: 'input',
      block_id: EXPERTISE_BLOCKS.newTags,
      optional: true,
      label: { type: 'plain_text', text: 'Other topics' },
      hint: { type: 'plain_text', text: 'Comma-separated, e.g. kubernetes, cost-modelling' },
      element: { type: 'plain_text_input', action_id: 'value', max_length: 300 },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: earned.length
          ? `*Earned here:* ${earned
              .slice(0, 20)
              .map((e) => `#${e.tag} (${e.answers + e.accepted} answers, ${e.accepted} accepted)`)
              .join(', ')}`
          : '*Earned here:* nothing yet — answers you give will show up here.',
      },
    },
    {
      type: 'input',
      block_id: EXPERTISE_BLOCKS.snooze,
      optional: true,
      label: { type: 'plain_text', text: 'Away until (no questions before)' },
      element: {
        type: 'datepicker',
        action_id: 'value',
        ...(member.snoozed_until && member.snoozed_until > new Date()
          ? { initial_date: member.snoozed_until.toISOString().slice(0, 10) }
          : {}),
      },
    },
    {
      type: 'input',
      block_id: EXPERTISE_BLOCKS.cap,
      optional: true,
      label: { type: 'plain_text', text: 'At most this many questions a week' },
      element: {
        type: 'number_input',
        action_id: 'value',
        is_decimal_allowed: false,
        min_value: '0',
        max_value: '100',
        ...(member.weekly_cap !== null ? { initial_value: String(member.weekly_cap) } : {}),
      },
    },
    {
      type: 'input',
      block_id: EXPERTISE_BLOCKS.optOut,
      optional: true,
      label: { type: 'plain_text', text: 'Routing' },
      element: {
        type: 'checkboxes',
        action_id: 'value',
        options: [{ text: { type: 'plain_text', text: 'Do not route questions to me' }, value: 'opt_out' }],
        ...(member.routing_opt_out
          ? {
              initial_options: [
                { text: { type: 'plain_text', text: 'Do not route questions to me' }, value: 'opt_out' },
              ],
            }
          : {}),
      },
    },
  );
  return {
    type: 'modal',
    callback_id: EXPERTISE_MODAL,
    title: { type: 'plain_text', text: 'Your expertise' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}
