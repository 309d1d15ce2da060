import type { KnowledgeEntryRow } from '../../knowledge/knowledge.repository.js';
import { escapeAndTruncate, escapeSlackText } from '../text.js';
import { encodeKbValue, KB_ACTIONS } from './knowledge-results.js';
import type { KnownBlock, ModalView } from './types.js';

/** Action ids of the review card the expert gets. */
export const KB_REVIEW_ACTIONS = {
  stillRight: 'kb_review_ok',
  update: 'kb_review_update',
  retire: 'kb_review_retire',
} as const;

/** Splits long text into section-sized mrkdwn blocks (Block Kit caps a section's text at 3,000 characters). */
function textSections(label: string, text: string, maxBlocks: number): KnownBlock[] {
  const escaped = escapeSlackText(text.trim() || '—');
  const chunks: string[] = [];
  for (let i = 0; i < escaped.length && chunks.length < maxBlocks; i += 2900) chunks.push(escaped.slice(i, i + 2900));
  return chunks.map((chunk, i) => ({
    type: 'section' as const,
    text: { type: 'mrkdwn' as const, text: i === 0 ? `*${label}*\n${chunk}` : chunk },
  }));
}

/** Provenance lines: contributors, source link and any licence attribution (kept for imported text). */
function provenance(entry: KnowledgeEntryRow): KnownBlock {
  const parts: string[] = [];
  const people = [entry.answerer_id ?? entry.author_id, ...entry.contributors].filter(
    (v, i, a) => v && a.indexOf(v) === i,
  );
  if (people.length)
    parts.push(
      `Contributors: ${people
        .slice(0, 10)
        .map((u) => `<@${u}>`)
        .join(', ')}`,
    );
  if (entry.permalink) parts.push(`<${entry.permalink}|Source thread>`);
  if (entry.attribution) parts.push(escapeAndTruncate(entry.attribution, 500));
  if (entry.tags.length) parts.push(`Tags: ${escapeAndTruncate(entry.tags.join(', '), 300)}`);
  return { type: 'context', elements: [{ type: 'mrkdwn', text: parts.join(' · ') || 'Knowledge base entry' }] };
}

/** The modal with the whole entry, opened by **View**. */
export function kbEntryModal(entry: KnowledgeEntryRow): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Knowledge base' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: entry.title.slice(0, 150) || 'Entry' } },
      ...textSections('Question', entry.question, 10),
      ...textSections('Answer', entry.answer, 30),
      provenance(entry),
    ],
  };
}

/** The compact card **Share in channel** posts, attributed to the person who shared it. */
export function kbShareCard(entry: KnowledgeEntryRow, sharerId: string): KnownBlock[] {
  const answer = escapeAndTruncate(entry.answer.replace(/\s+/g, ' '), 600);
  const value = encodeKbValue({ entryId: entry.id, query: '', page: 0 });
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*${escapeAndTruncate(entry.title, 300)}*\n${answer}` },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Shared from the knowledge base by <@${sharerId}>` }] },
    {
      type: 'actions',
      block_id: `kb_card_${entry.id}`,
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'View' }, action_id: KB_ACTIONS.view, value },
        { type: 'button', text: { type: 'plain_text', text: 'Helpful' }, action_id: KB_ACTIONS.helpful, value },
        { type: 'button', text: { type: 'plain_text', text: "Didn't help" }, action_id: KB_ACTIONS.missed, value },
      ],
    },
  ];
}

/** The card asking the expert to check an entry: **Still right** / **Update** / **Retire**. */
export function kbReviewCard(entry: KnowledgeEntryRow, reason: 'misses' | 'stale'): KnownBlock[] {
  const why =
    reason === 'misses'
      ? `${entry.misses} people said this entry didn't help them.`
      : 'This entry has not been reviewed for a while and was just shown again.';
  const value = String(entry.id);
  return [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `Could you check your knowledge base entry *${escapeAndTruncate(entry.title, 300)}*? ${why}`,
      },
    },
    {
      type: 'actions',
      block_id: `kb_review_${entry.id}`,
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Still right' },
          action_id: KB_REVIEW_ACTIONS.stillRight,
          value,
          style: 'primary',
        },
        { type: 'button', text: { type: 'plain_text', text: 'Update' }, action_id: KB_REVIEW_ACTIONS.update, value },
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Retire' },
          action_id: KB_REVIEW_ACTIONS.retire,
          value,
          style: 'danger',
        },
      ],
    },
  ];
}
