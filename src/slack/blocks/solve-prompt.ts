import type { KnownBlock } from './types.js';

export const MARK_SOLVED = 'mark_solved';

/** Offered in the thread after an answer arrives: the asker (or a coordinator) marks the answer that solved it. */
export function solvePrompt(
  askerId: string,
  answererId: string,
  answerId: number,
): { text: string; blocks: KnownBlock[] } {
  const text = `<@${askerId}>, did <@${answererId}>'s answer solve it? Mark it, or react :white_check_mark: to the answer.`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text },
        accessory: {
          type: 'button',
          text: { type: 'plain_text', text: 'That solved it' },
          style: 'primary',
          action_id: MARK_SOLVED,
          value: String(answerId),
        },
      },
    ],
  };
}
