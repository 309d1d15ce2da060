import type { webApi } from '@slack/bolt';
import { insertActivity } from '../activity/activity.repository.js';
import * as communities from '../communities/community.repository.js';
import type { Deps } from '../deps.js';
import { isStale, requestReview } from '../knowledge/kb.service.js';
import { searchEntries } from '../knowledge/knowledge.repository.js';
import { questionMessage } from '../slack/blocks/question-message.js';
import { suggestionMessage } from '../slack/blocks/suggestions.js';
import * as questions from './question.repository.js';
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
  | { kind: 'not-a-community' }
  | { kind: 'duplicate' }
  | { kind: 'bot-not-in-channel' }
  | { kind: 'posted'; question: questions.QuestionRow; suggested: number };

/** Suggestions must be at least this relevant (ts_rank_cd, normalised by length) to be worth the asker's time. */
const SUGGESTION_MIN_RANK = 0.02;

/**
 * The start of the question loop: store the question with its tags, post it in the channel (escaped, attributed),
 * offer knowledge that may already answer it, and only if there is none, queue the routing to experts.
 */
export async function askQuestion(deps: Deps, client: webApi.WebClient, input: AskInput): Promise<AskOutcome> {
  const community = await communities.findCommunityByChannel(deps.db, input.channelId);
  if (!community) return { kind: 'not-a-community' };
  const fullText = `${input.title}\n${input.details}`;
  const tags = await inferTags(deps, community.id, fullText, input.pickedTags);
  const question = await questions.insertQuestion(deps.db, {
    teamId: input.teamId,
    communityId: community.id,
    channelId: input.channelId,
    askerId: input.userId,
    title: input.title,
    details: input.details,
    tags,
    requestKey: input.requestKey,
    askedAt: deps.now(),
  });
  if (!question) return { kind: 'duplicate' };

  let messageTs: string;
  try {
    const posted = await client.chat.postMessage({
      channel: input.channelId,
      ...questionMessage({ id: question.id, askerId: input.userId, title: input.title, details: input.details, tags }),
      unfurl_links: false,
    });
    messageTs = posted.ts as string;
  } catch (error) {
    // Nothing half-done: a question nobody can see is removed again.
    await questions.deleteQuestion(deps.db, question.id);
    if ((error as { data?: { error?: string } }).data?.error === 'not_in_channel')
      return { kind: 'bot-not-in-channel' };
    throw error;
  }
  await questions.setQuestionMessage(deps.db, question.id, messageTs);
  await insertActivity(deps.db, [
    {
      teamId: input.teamId,
      communityId: community.id,
      channelId: input.channelId,
      userId: input.userId,
      kind: 'question_asked',
      occurredAt: question.asked_at,
      questionId: question.id,
      sourceKey: `question_asked:${question.id}`,
    },
  ]);
  await communities.addTags(deps.db, community.id, tags);

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
      if (await isStale(deps, entry)) await requestReview(deps, client, entry, 'stale');
    await client.chat.postMessage({
      channel: input.channelId,
      thread_ts: messageTs,
      ...suggestionMessage(
        question.id,
        input.userId,
        suggestions.map((s) => s.entry),
      ),
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
async function inferTags(deps: Deps, communityId: number, text: string, picked: string[]): Promise<string[]> {
  const vocabulary = await communities.loadVocabulary(deps.db, communityId);
  const typed = canonicalTags([...picked, ...explicitTags(text)], vocabulary.synonyms);
  const mentioned = vocabularyTagsIn(text, vocabulary);
  const similar = await questions.tagsOfSimilarQuestions(deps.db, communityId, text);
  // A tag is learned from history only when at least two similar questions carry it: one match is noise.
  const counts = new Map<string, number>();
  for (const tags of similar) for (const tag of tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  const learned = [...counts].filter(([, n]) => n >= 2).map(([tag]) => tag);
  return [...new Set([...typed, ...mentioned, ...learned])].slice(0, 10);
}
