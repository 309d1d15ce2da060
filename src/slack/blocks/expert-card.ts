import { escapeAndTruncate } from '../text.js';
import type { KnownBlock } from './types.js';

/** Action ids of the expert's DM buttons; every value is the routing id. */
export const EXPERT_ACTIONS = {
  answer: 'expert_answer',
  notMyArea: 'expert_not_my_area',
  snoozeDay: 'expert_snooze_day',
  snoozeWeek: 'expert_snooze_week',
  handOff: 'expert_handoff',
} as const;

export interface ExpertCardInput {
  routingId: number;
  questionId: number;
  askerId: string;
  channelId: string;
  title: string;
  details: string;
  tags: string[];
  reason: string;
  permalink: string | null;
  note?: { fromUserId: string; text: string } | null;
}

/** The card's content for one routing of a question (the question's row and the routing's row hold it all). */
export function expertCardInput(
  routing: { id: number; reason: string },
  question: { id: number; asker_id: string; channel_id: string; title: string; details: string; tags: string[] },
  permalink: string | null,
  note: { fromUserId: string; text: string } | null = null,
): ExpertCardInput {
  return {
    routingId: routing.id,
    questionId: question.id,
    askerId: question.asker_id,
    channelId: question.channel_id,
    title: question.title,
    details: question.details,
    tags: question.tags,
    reason: routing.reason,
    permalink,
    note,
  };
}

function cardHeader(input: ExpertCardInput): KnownBlock[] {
  const tags = input.tags.length ? input.tags.map((t) => `#${escapeAndTruncate(t, 40)}`).join(' ') : 'untagged';
  const link = input.permalink ? ` · <${input.permalink}|open thread>` : '';
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:wave: <@${input.askerId}> asked in <#${input.channelId}>:\n*${escapeAndTruncate(input.title, 500)}*${
          input.details ? `\n${escapeAndTruncate(input.details, 1500)}` : ''
        }`,
      },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${tags} · Q-${input.questionId}${link}` }] },
  ];
  if (input.note) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `<@${input.note.fromUserId}> handed this to you: “${escapeAndTruncate(input.note.text, 500)}”`,
        },
      ],
    });
  }
  if (input.reason) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `*Why you:* ${escapeAndTruncate(input.reason, 400)}` }],
    });
  }
  return blocks;
}

/** The DM an expert gets for a routed question, with what they can do about it. */
export function expertCard(input: ExpertCardInput): { text: string; blocks: KnownBlock[] } {
  const value = String(input.routingId);
  const button = (text: string, action_id: string, style?: 'primary') => ({
    type: 'button' as const,
    text: { type: 'plain_text' as const, text },
    action_id,
    value,
    ...(style ? { style } : {}),
  });
  return {
    text: `A question for you from <@${input.askerId}>: ${escapeAndTruncate(input.title, 200)}`,
    blocks: [
      ...cardHeader(input),
      {
        type: 'actions',
        block_id: `expert_card_${input.routingId}`,
        elements: [
          button('Answer', EXPERT_ACTIONS.answer, 'primary'),
          button('Not my area', EXPERT_ACTIONS.notMyArea),
          button('Snooze a day', EXPERT_ACTIONS.snoozeDay),
          button('Snooze a week', EXPERT_ACTIONS.snoozeWeek),
          button('Hand off to…', EXPERT_ACTIONS.handOff),
        ],
      },
    ],
  };
}

/** The same card after the expert acted: the buttons are gone, so a second click cannot act twice. */
export function expertCardSettled(input: ExpertCardInput, outcome: string): { text: string; blocks: KnownBlock[] } {
  return {
    text: outcome,
    blocks: [...cardHeader(input), { type: 'section', text: { type: 'mrkdwn', text: outcome } }],
  };
}
