import type { webApi } from '@slack/bolt';
import { insertActivity } from '../activity/activity.repository.js';
import type { Deps } from '../deps.js';
import { addEarnedExpertise } from '../expertise/expertise.repository.js';
import { ensureMember } from '../members/member.service.js';
import { solvePrompt } from '../slack/blocks/solve-prompt.js';
import * as answers from './answer.repository.js';
import type * as questions from './question.repository.js';
import * as routings from './routing.repository.js';

export interface IncomingAnswer {
  question: questions.QuestionRow;
  userId: string;
  channelId: string;
  messageTs: string;
  text: string;
  via: 'thread' | 'dm_modal';
}

/**
 * Records a human answer by someone other than the asker: the first one sets the time to first response and stops
 * escalation; the expert's routing is settled; the asker is offered a "That solved it" button. Idempotent per message.
 */
export async function recordAnswer(
  deps: Deps,
  client: webApi.WebClient,
  input: IncomingAnswer,
): Promise<answers.AnswerRow | null> {
  const { question } = input;
  if (input.userId === question.asker_id) return null;
  // Integrations often post as bot *users*; whatever the event looked like, a bot's reply is never an answer.
  const author = await ensureMember(deps, client, question.team_id, input.userId);
  if (author.is_bot) return null;
  const at = deps.now();
  const answer = await answers.insertAnswer(deps.db, {
    questionId: question.id,
    userId: input.userId,
    channelId: input.channelId,
    messageTs: input.messageTs,
    text: input.text,
    via: input.via,
    at,
  });
  if (!answer) return null;
  await answers.markFirstResponse(deps.db, question.id, input.userId, at);
  await routings.settleRoutings(deps.db, question.id, input.userId, at);
  await addEarnedExpertise(deps.db, question.team_id, input.userId, question.tags, false, at);
  await insertActivity(deps.db, [
    {
      teamId: question.team_id,
      communityId: question.community_id,
      channelId: question.channel_id,
      userId: input.userId,
      kind: 'answer_posted',
      occurredAt: at,
      questionId: question.id,
      targetUserId: question.asker_id,
      isReply: true,
      sourceKey: `answer_posted:${answer.id}`,
    },
  ]);
  if (question.status !== 'solved' && question.message_ts) {
    await client.chat.postMessage({
      channel: question.channel_id,
      thread_ts: question.message_ts,
      ...solvePrompt(question.asker_id, input.userId, answer.id),
    });
  }
  return answer;
}
