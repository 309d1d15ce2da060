import { insertActivity } from '../activity/activity.repository.js';
import * as communities from '../communities/community.repository.js';
import type { Deps } from '../deps.js';
import { isStale, requestReview } from '../knowledge/kb.service.js';
import { searchEntries } from '../knowledge/knowledge.repository.js';
import { questionMessage } from '../slack/blocks/question-message.js';
import { suggestionMessage } from '../slack/blocks/suggestions.js';
import * as questions from './question.repository.js';
import {
  findPostedQuestion,
  QUESTION_EVENT_TYPE,
  SUGGESTIONS_EVENT_TYPE,
  suggestionsPosted,
} from './question-posts.js';
import { canonicalTags, explicitTags, vocabularyTagsIn } from './tags.js';

export interface AskInput {
  teamId: string;
  channelId: string;
  userId: string;
  title: string;
  details: string;
  /** Tags picked or typed in the modal (the text's own #tags are found here too). */
  pickedTags: string[];
  /** Stable across Slack's redeliveries of the same request (the trigger_id or view id). */
  requestKey: string;
}

export type AskOutcome =
  | { kind: 'duplicate' }
  | { kind: 'bot-not-in-channel' }
  | { kind: 'posted'; question: questions.QuestionRow; suggested: number };

/** What the app tells Slack's request right away; the rest happens in the worker (`post-question`). */
export type AcceptOutcome =
  | { kind: 'not-a-community' }
  | { kind: 'duplicate' }
  | { kind: 'accepted'; questionId: number };

/** Suggestions must be at least this relevant (ts_rank_cd, normalised by length) to be worth the asker's time. */
const SUGGESTION_MIN_RANK = 0.02;

/**
 * The worker's half, the start of the question loop: tag the stored question, post it in the channel (escaped,
 * attributed), offer knowledge that may already answer it, and only if there is none, queue the routing to experts.
 * Safe to run again after a failure or a crash (`retry`): a question already posted (message_ts, or found by its
 * metadata in the channel) is not posted twice, nor are its suggestions (found by their metadata in the thread); the
 * other steps are idempotent or keyed.
 */
export async function postQuestion(
  deps: Deps,
  stored: questions.QuestionRow,
  options: { retry: boolean },
): Promise<AskOutcome> {
  const input = { teamId: stored.team_id, channelId: stored.channel_id, userId: stored.asker_id };
  const fullText = `${stored.title}\n${stored.details}`;
  let tags = stored.tags;
  let messageTs = stored.message_ts;
  if (!messageTs) {
    tags = await inferTags(deps, stored, fullText);
    await questions.setQuestionTags(deps.db, stored.id, tags);
    try {
      messageTs =
        (options.retry ? await findPostedQuestion(deps, stored) : null) ??
        ((
          await deps.slack.chat.postMessage({
            channel: input.channelId,
            ...questionMessage({
              id: stored.id,
              askerId: input.userId,
              title: stored.title,
              details: stored.details,
              tags,
            }),
            metadata: { event_type: QUESTION_EVENT_TYPE, event_payload: { question_id: stored.id } },
            unfurl_links: false,
          })
        ).ts as string);
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error === 'not_in_channel') {
        // Nothing half-done: a question nobody can see is removed again.
        await questions.deleteQuestion(deps.db, stored.id);
        return { kind: 'bot-not-in-channel' };
      }
      throw error;
    }
  }
  const question = { ...stored, tags };
  await questions.setQuestionMessage(deps.db, question.id, messageTs);
  await insertActivity(deps.db, [
    {
      teamId: input.teamId,
      communityId: stored.community_id,
      channelId: input.channelId,
      userId: input.userId,
      kind: 'question_asked',
      occurredAt: question.asked_at,
      questionId: question.id,
      sourceKey: `question_asked:${question.id}`,
    },
  ]);
  await communities.addTags(deps.db, stored.community_id, tags);

  const suggestions = await searchEntries(
    deps.db,
    // In the channel everyone can read the thread, so only entries this channel may see: public ones and
    // those that came from this very channel.
    { teamId: input.teamId, privateChannelIds: [input.channelId] },
    fullText,
    { limit: 3, anyWord: true, minRank: SUGGESTION_MIN_RANK },
  );
  if (suggestions.length > 0) {
    // An entry older than the community's freshness period goes back to its expert when it is suggested again.
    for (const { entry } of suggestions)
      if (await isStale(deps, entry)) await requestReview(deps, deps.slack, entry, 'stale');
    if (!(options.retry && (await suggestionsPosted(deps, stored, messageTs))))
      await deps.slack.chat.postMessage({
        channel: input.channelId,
        thread_ts: messageTs,
        ...suggestionMessage(
          question.id,
          input.userId,
          suggestions.map((s) => s.entry),
        ),
        metadata: { event_type: SUGGESTIONS_EVENT_TYPE, event_payload: { question_id: question.id } },
        unfurl_links: false,
      });
  } else {
    await deps.queue.add(
      'route-question',
      { questionId: question.id, reason: 'asked' },
      { jobId: `route-${question.id}` },
    );
  }
  return { kind: 'posted', question: { ...question, message_ts: messageTs }, suggested: suggestions.length };
}

/** Explicit #tags and picked tags, vocabulary words in the text, and tags shared by similar past questions. */
async function inferTags(
  deps: Deps,
  question: Pick<questions.QuestionRow, 'id' | 'community_id' | 'tags'>,
  text: string,
): Promise<string[]> {
  const vocabulary = await communities.loadVocabulary(deps.db, question.community_id);
  const typed = canonicalTags([...question.tags, ...explicitTags(text)], vocabulary.synonyms);
  const mentioned = vocabularyTagsIn(text, vocabulary);
  const similar = await questions.tagsOfSimilarQuestions(deps.db, question.community_id, text, {
    excludeId: question.id,
  });
  // A tag is learned from history only when at least two similar questions carry it: one match is noise.
  const counts = new Map<string, number>();
  for (const tags of similar) for (const tag of tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  const learned = [...counts].filter(([, n]) => n >= 2).map(([tag]) => tag);
  return [...new Set([...typed, ...mentioned, ...learned])].slice(0, 10);
}
