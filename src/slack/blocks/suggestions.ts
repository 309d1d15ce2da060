import type { KnowledgeEntryRow } from '../../knowledge/knowledge.repository.js';
import { escapeAndTruncate } from '../text.js';
import type { KnownBlock } from './types.js';

/** Action ids of the suggestion buttons (value: `<questionId>:<entryId>` and `<questionId>`). */
export const SUGGESTION_SOLVED = 'suggestion_solved';
export const SUGGESTION_STILL_NEED_HELP = 'suggestion_still_need_help';

/** "Answered before": up to 3 entries offered in the question's thread before anyone is pinged. */
export function suggestionMessage(
  questionId: number,
  askerId: string,
  entries: Array<Pick<KnowledgeEntryRow, 'id' | 'title' | 'answer' | 'permalink'>>,
): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `<@${askerId}>, this may have been answered before. Does one of these solve it?` },
    },
  ];
  for (const entry of entries.slice(0, 3)) {
    const link = entry.permalink ? ` · <${entry.permalink}|source thread>` : '';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*KB-${entry.id}: ${escapeAndTruncate(entry.title, 200)}*\n${escapeAndTruncate(entry.answer, 600)}${link}`,
      },
      accessory: {
        type: 'button',
        text: { type: 'plain_text', text: 'That solved it' },
        style: 'primary',
        action_id: `${SUGGESTION_SOLVED}:${entry.id}`,
        value: `${questionId}:${entry.id}`,
      },
    });
  }
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Still need help' },
        action_id: SUGGESTION_STILL_NEED_HELP,
        value: String(questionId),
      },
    ],
  });
  return { text: 'This may have been answered before', blocks };
}
