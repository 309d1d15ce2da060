import type { webApi } from '@slack/bolt';
import { insertActivity } from '../activity/activity.repository.js';
import * as communities from '../communities/community.repository.js';
import type { Deps } from '../deps.js';
import { addEarnedExpertise } from '../expertise/expertise.repository.js';
import { insertEntry } from '../knowledge/knowledge.repository.js';
import * as answers from './answer.repository.js';
import * as questions from './question.repository.js';
import * as routings from './routing.repository.js';

export type SolveOutcome =
  | { kind: 'solved'; entryId: number }
  | { kind: 'already-solved' }
  | { kind: 'not-allowed' }
  | { kind: 'not-found' };

/**
 * The asker (or a coordinator) marks the answer that solved the question. That closes the question, turns the thread
 * into a knowledge entry with the source channel's visibility, says "Solved — saved as KB-n" in the thread and grows
 * the answerer's earned expertise. Exactly once: the status change is conditional, so a second click finds it solved.
 */
export async function markSolved(
  deps: Deps,
  client: webApi.WebClient,
  input: { answerId: number; byUserId: string },
): Promise<SolveOutcome> {
  const answer = await answers.findAnswer(deps.db, input.answerId);
  if (!answer) return { kind: 'not-found' };
  const question = await questions.findQuestion(deps.db, answer.question_id);
  if (!question) return { kind: 'not-found' };
  const allowed =
    input.byUserId === question.asker_id ||
    (await communities.isCoordinator(deps.db, question.community_id, input.byUserId));
  if (!allowed) return { kind: 'not-allowed' };
  const at = deps.now();
  // Asked before the transaction: a Slack call (with its retries) must not hold the question's row lock, nor keep a
  // transaction open that every change-feed reader's horizon would wait behind (member-roster.ts).
  const permalink = question.message_ts
    ? await client.chat
        .getPermalink({ channel: question.channel_id, message_ts: question.message_ts })
        .then((r) => r.permalink ?? null)
        .catch(() => null)
    : null;

  const result = await deps.db.transaction().execute(async (trx) => {
    const closed = await questions.closeWithAnswer(trx, question.id, answer.id, at);
    if (!closed) return null;
    const all = await answers.answersOf(trx, question.id);
    const others = all.filter((a) => a.id !== answer.id);
    const isPrivate = await questions.channelIsPrivate(trx, question.channel_id);
    const { entry } = await insertEntry(trx, {
      teamId: question.team_id,
      communityId: question.community_id,
      questionId: question.id,
      title: question.title,
      question: question.details,
      answer: answer.text,
      otherReplies: others.map((a) => a.text).join('\n\n'),
      tags: question.tags,
      contributors: [...new Set([question.asker_id, answer.user_id, ...others.map((a) => a.user_id)])],
      authorId: input.byUserId,
      answererId: answer.user_id,
      sourceChannelId: question.channel_id,
      sourceTs: question.message_ts,
      permalink,
      visibility: isPrivate ? 'private' : 'public',
    });
    await addEarnedExpertise(trx, question.team_id, answer.user_id, question.tags, true, at);
    await routings.settleRoutings(trx, question.id, answer.user_id, at);
    const base = {
      teamId: question.team_id,
      communityId: question.community_id,
      channelId: question.channel_id,
      occurredAt: at,
      questionId: question.id,
    };
    await insertActivity(trx, [
      {
        ...base,
        userId: input.byUserId,
        kind: 'answer_accepted',
        targetUserId: answer.user_id,
        sourceKey: `answer_accepted:${question.id}`,
      },
      {
        ...base,
        userId: input.byUserId,
        kind: 'knowledge_created',
        entryId: entry.id,
        sourceKey: `knowledge_created:${entry.id}`,
      },
    ]);
    return entry.id;
  });
  if (result === null) return { kind: 'already-solved' };
  if (question.message_ts) {
    await client.chat.postMessage({
      channel: question.channel_id,
      thread_ts: question.message_ts,
      text: `:white_check_mark: Solved — saved as *KB-${result}*. Thanks <@${answer.user_id}>! Find it later with \`/kb\`.`,
    });
  }
  return { kind: 'solved', entryId: result };
}
