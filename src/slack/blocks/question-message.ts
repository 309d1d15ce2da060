import { escapeAndTruncate } from '../text.js';
import type { KnownBlock } from './types.js';

export interface QuestionView {
  id: number;
  askerId: string;
  title: string;
  details: string;
  tags: string[];
}

/** The question as posted in the community channel. All user text is escaped so it cannot ping anyone. */
export function questionMessage(q: QuestionView): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:raising_hand: *Question from <@${q.askerId}>*\n${escapeAndTruncate(q.title, 2800)}`,
      },
    },
  ];
  if (q.details) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeAndTruncate(q.details, 2900) } });
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `${q.tags.length ? q.tags.map((t) => `#${escapeAndTruncate(t, 40)}`).join(' ') : 'no tags yet'} · Q-${q.id} · reply in the thread to answer`,
      },
    ],
  });
  return { text: `Question from <@${q.askerId}>: ${escapeAndTruncate(q.title, 300)}`, blocks };
}
