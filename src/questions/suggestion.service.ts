import type { webApi } from '@slack/bolt';
import { insertActivity } from '../activity/activity.repository.js';
import type { Deps } from '../deps.js';
import { MISSES_BEFORE_REVIEW, requestReview } from '../knowledge/kb.service.js';
import { incrementCounter } from '../knowledge/knowledge.repository.js';
import { claimStep } from './escalation.repository.js';
import * as questions from './question.repository.js';

/**
 * "That solved it" on a suggested entry: the question is resolved by existing knowledge, the entry's reuse is
 * counted, and no expert is ever pinged. Only the asker decides; it happens once.
 */
export async function solvedBySuggestion(
  deps: Deps,
  client: webApi.WebClient,
  input: { questionId: number; entryId: number; userId: string },
): Promise<'solved' | 'not-asker' | 'stale'> {
  const question = await questions.findQuestion(deps.db, input.questionId);
  if (!question) return 'stale';
  if (question.asker_id !== input.userId) return 'not-asker';
  const at = deps.now();
  const closed = await questions.closeWithEntry(deps.db, question.id, input.entryId, at);
  if (!closed) return 'stale';
  await incrementCounter(deps.db, input.entryId, 'reuses');
  await insertActivity(deps.db, [
    {
      teamId: question.team_id,
      communityId: question.community_id,
      channelId: question.channel_id,
      userId: input.userId,
      kind: 'knowledge_reused',
      occurredAt: at,
      questionId: question.id,
      entryId: input.entryId,
      sourceKey: `knowledge_reused:${question.id}`,
    },
  ]);
  if (question.message_ts) {
    await client.chat.postMessage({
      channel: question.channel_id,
      thread_ts: question.message_ts,
      text: `:white_check_mark: Solved by *KB-${input.entryId}* — knowledge reused, nobody needed to be pinged.`,
    });
  }
  return 'solved';
}

/** "Still need help": every suggested entry records a miss, and the question goes to the experts. Once. */
export async function stillNeedHelp(
  deps: Deps,
  client: webApi.WebClient,
  input: { questionId: number; userId: string; suggestedEntryIds: number[] },
): Promise<'routing' | 'not-asker' | 'stale'> {
  const question = await questions.findQuestion(deps.db, input.questionId);
  if (!question || question.status !== 'open') return 'stale';
  if (question.asker_id !== input.userId) return 'not-asker';
  const claimed = await claimStep(deps.db, question.id, 'still-need-help');
  if (!claimed) return 'stale';
  for (const entryId of input.suggestedEntryIds) {
    const entry = await incrementCounter(deps.db, entryId, 'misses');
    // The third miss sends the entry back to its expert (once: requestReview claims the request).
    if (entry && entry.misses >= MISSES_BEFORE_REVIEW) await requestReview(deps, client, entry, 'misses');
    await insertActivity(deps.db, [
      {
        teamId: question.team_id,
        communityId: question.community_id,
        userId: input.userId,
        kind: 'knowledge_missed',
        occurredAt: deps.now(),
        questionId: question.id,
        entryId,
        sourceKey: `knowledge_missed:${question.id}:${entryId}`,
      },
    ]);
  }
  await deps.queue.add(
    'route-question',
    { questionId: question.id, reason: 'still-need-help' },
    { jobId: `route-${question.id}` },
  );
  return 'routing';
}
