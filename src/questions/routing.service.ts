import type { webApi } from '@slack/bolt';
import { insertActivity } from '../activity/activity.repository.js';
import * as communities from '../communities/community.repository.js';
import type { Deps } from '../deps.js';
import { membershipCacheFor } from '../knowledge/visibility.js';
import { rankCandidates } from '../routing/score.js';
import { expertCard, expertCardInput } from '../slack/blocks/expert-card.js';
import { escapeAndTruncate } from '../slack/text.js';
import { memberProfileCacheFor } from './member-profile-cache.js';
import { memberRosterFor } from './member-roster.js';
import * as questions from './question.repository.js';
import { loadRouterModel } from './router-training.repository.js';
import * as routings from './routing.repository.js';
import { shortlistHintsFor } from './routing-shortlist.js';
import { PostgresRoutingSource } from './routing-source.repository.js';

export type RoutingStage = 'initial' | 'next-experts' | 'still-need-help' | 'rerouted';

/**
 * Ranks the community's members for a question and DMs the top K who were not routed it before. When nobody
 * qualifies on the first routing, it opens the question to the channel and tells the coordinators instead.
 * Safe to run twice: a member is routed a question at most once (unique routing row). Once the question has an
 * answer, nobody more is pinged.
 */
export async function routeToExperts(deps: Deps, questionId: number, stage: RoutingStage): Promise<string[]> {
  const question = await questions.findQuestion(deps.db, questionId);
  // A question that already has a human answer (any reply but the asker's) needs no more experts pinged.
  if (!question || question.status !== 'open' || question.first_response_at !== null) return [];
  const community = await communities.findCommunityById(deps.db, question.community_id);
  if (!community) return [];
  const now = deps.now();
  const source = new PostgresRoutingSource(deps.db, {
    teamId: question.team_id,
    communityId: community.id,
    // Only people who can read the question's channel are routed it (null when Slack won't say: no filter).
    channelMembers: await membershipCacheFor(deps).members(deps.slack, question.channel_id),
    live: true,
    profiles: memberProfileCacheFor(deps),
    hints: shortlistHintsFor(deps),
    roster: memberRosterFor(deps),
  });
  const vocabulary = await communities.loadVocabulary(deps.db, community.id);
  const routingQuestion = {
    askerId: question.asker_id,
    tags: question.tags,
    text: `${question.title}\n${question.details}`,
    askedAt: now,
    synonyms: vocabulary.synonyms,
  };
  const already = new Set((await routings.routingsOf(deps.db, questionId)).map((r) => r.user_id));
  const candidates = (await source.candidatesFor(routingQuestion)).filter((c) => !already.has(c.memberId));
  const ranked = rankCandidates(routingQuestion, candidates, {
    now,
    k: community.experts_per_question,
    balanced: true,
    textIndex: source.textSimilarity(),
    // The community's nightly-trained ranker (null until it has enough history: the hand-set blend ranks).
    model: await loadRouterModel(deps.db, community.id),
  }).filter((r) => r.score > 0);

  if (ranked.length === 0) {
    if (stage === 'initial' || stage === 'still-need-help') await openCall(deps, question, 'nobody-matched');
    return [];
  }
  const permalink = await questionPermalink(deps.slack, question);
  const routed: string[] = [];
  for (const pick of ranked) {
    const reason = pick.reasons[0]?.text ?? '';
    const row = await routings.insertRouting(deps.db, {
      questionId,
      teamId: question.team_id,
      userId: pick.memberId,
      stage,
      score: pick.score,
      reason,
      at: now,
    });
    if (!row) continue;
    await sendExpertCard(deps, row, question, permalink, null);
    routed.push(pick.memberId);
  }
  // An answer may have arrived while we were routing; its settlement ran before these rows existed.
  const latest = await questions.findQuestion(deps.db, questionId);
  if (latest?.first_responder_id)
    await routings.settleRoutings(deps.db, questionId, latest.first_responder_id, deps.now());
  await warmProfilesOnce(deps, source, question.team_id);
  return routed;
}

/**
 * After a worker's first routing in a workspace, builds the profiles of all its candidates (~1 s at 10k members), so
 * later routings reuse them instead of reading those new to each shortlist. Best effort: the routing is done, so a
 * failure here is only logged (and the profiles are then built as routings need them).
 */
async function warmProfilesOnce(deps: Deps, source: PostgresRoutingSource, teamId: string): Promise<void> {
  if (!memberProfileCacheFor(deps).claimWarming(teamId)) return;
  try {
    const built = await source.warmProfiles(deps.now());
    deps.logger.info({ teamId, built }, 'routing profiles warmed');
  } catch (error) {
    deps.logger.warn({ err: error, teamId }, 'could not warm routing profiles');
  }
}

/** DMs a routed question to its expert and remembers where the card is, so it can be updated after they act. */
export async function sendExpertCard(
  deps: Deps,
  row: routings.RoutingRow,
  question: questions.QuestionRow,
  permalink: string | null,
  note: { fromUserId: string; text: string } | null,
): Promise<void> {
  const dm = await deps.slack.conversations.open({ users: row.user_id });
  const channel = dm.channel?.id as string;
  const posted = await deps.slack.chat.postMessage({
    channel,
    ...expertCard(expertCardInput(row, question, permalink, note)),
    unfurl_links: false,
  });
  await routings.setRoutingCard(deps.db, row.id, channel, posted.ts as string);
  await insertActivity(deps.db, [
    {
      teamId: question.team_id,
      communityId: question.community_id,
      channelId: question.channel_id,
      userId: row.user_id,
      kind: 'question_routed',
      occurredAt: row.routed_at,
      questionId: question.id,
      targetUserId: question.asker_id,
      sourceKey: `question_routed:${row.id}`,
    },
  ]);
}

/**
 * An open call in the question's thread. When nobody matched at all the coordinators hear about it at once; on the
 * escalation ladder they get their own, later stage instead.
 */
export async function openCall(
  deps: Deps,
  question: questions.QuestionRow,
  why: 'nobody-matched' | 'unanswered',
): Promise<void> {
  const intro =
    why === 'nobody-matched'
      ? "I couldn't find a member whose expertise matches this one yet."
      : 'This question is still waiting for an answer.';
  const where = question.message_ts
    ? { channel: question.channel_id, thread_ts: question.message_ts, reply_broadcast: true }
    : { channel: question.channel_id };
  await deps.slack.chat.postMessage({
    ...where,
    text: `:mega: *Open call:* ${intro} Can anyone in the community help <@${question.asker_id}> with “${escapeAndTruncate(question.title, 200)}”? Reply in this thread.`,
  });
  if (why === 'nobody-matched') await tellCoordinators(deps, question, 'no member matched it');
}

/** DMs each coordinator of the question's community about it. */
export async function tellCoordinators(deps: Deps, question: questions.QuestionRow, why: string): Promise<void> {
  const coordinators = await communities.listCoordinators(deps.db, question.community_id);
  const permalink = await questionPermalink(deps.slack, question);
  for (const userId of coordinators) {
    const dm = await deps.slack.conversations.open({ users: userId });
    await deps.slack.chat.postMessage({
      channel: dm.channel?.id as string,
      text:
        `:bell: A question in <#${question.channel_id}> needs a hand: ${why}.\n` +
        `*${escapeAndTruncate(question.title, 300)}* (asked by <@${question.asker_id}>)` +
        (permalink ? `\n<${permalink}|Open the thread>` : ''),
      unfurl_links: false,
    });
  }
}

async function questionPermalink(client: webApi.WebClient, question: questions.QuestionRow): Promise<string | null> {
  if (!question.message_ts) return null;
  try {
    const link = await client.chat.getPermalink({ channel: question.channel_id, message_ts: question.message_ts });
    return link.permalink ?? null;
  } catch {
    return null;
  }
}
