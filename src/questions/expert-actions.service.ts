import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { addTagPenalty } from '../expertise/expertise.repository.js';
import { findMember, type MemberRow, setAvailability } from '../members/member.repository.js';
import { ensureMember } from '../members/member.service.js';
import { expertCardInput, expertCardSettled } from '../slack/blocks/expert-card.js';
import { escapeSlackText } from '../slack/text.js';
import { recordAnswer } from './answer.service.js';
import * as questions from './question.repository.js';
import * as routings from './routing.repository.js';
import { sendExpertCard } from './routing.service.js';

/** How much one "Not my area" lowers a member's weight for each of the question's tags (capped at 1 = never). */
const NOT_MY_AREA_PENALTY = 0.34;

export type ExpertActionOutcome =
  | { kind: 'done'; message: string }
  | { kind: 'stale' }
  | { kind: 'refused'; message: string };

/** Loads a routing for the expert who clicked; anyone else, or a routing already acted on, gets nothing. */
async function pendingRoutingOf(deps: Pick<Deps, 'db'>, routingId: number, userId: string) {
  const routing = await routings.findRouting(deps.db, routingId);
  if (!routing || routing.user_id !== userId) return null;
  const question = await questions.findQuestion(deps.db, routing.question_id);
  return question ? { routing, question } : null;
}

/** Replaces the DM card's buttons with what happened, so the same card cannot act twice. */
async function settleCard(
  client: webApi.WebClient,
  routing: routings.RoutingRow,
  question: questions.QuestionRow,
  outcome: string,
) {
  if (!routing.dm_channel_id || !routing.dm_ts) return;
  await client.chat.update({
    channel: routing.dm_channel_id,
    ts: routing.dm_ts,
    ...expertCardSettled(expertCardInput(routing, question, null), outcome),
  });
}

/** "Not my area": drops the expert for this question, lowers their weight for its tags, routes to the next one. */
export async function notMyArea(
  deps: Deps,
  client: webApi.WebClient,
  routingId: number,
  userId: string,
): Promise<ExpertActionOutcome> {
  const found = await pendingRoutingOf(deps, routingId, userId);
  if (!found) return { kind: 'stale' };
  const closed = await routings.closeRouting(deps.db, routingId, 'passed', deps.now());
  if (!closed) return { kind: 'stale' };
  await addTagPenalty(deps.db, found.question.team_id, userId, found.question.tags, NOT_MY_AREA_PENALTY);
  await settleCard(
    client,
    closed,
    found.question,
    ':ok_hand: Got it — not your area. I passed it on and will ask you less about these topics.',
  );
  await deps.queue.add(
    'route-question',
    { questionId: found.question.id, reason: 'rerouted' },
    { jobId: `reroute-${routingId}` },
  );
  return { kind: 'done', message: 'passed on' };
}

/** "Snooze": no routed questions for a day or a week; this one goes to the next candidate. */
export async function snooze(
  deps: Deps,
  client: webApi.WebClient,
  routingId: number,
  userId: string,
  days: 1 | 7,
): Promise<ExpertActionOutcome> {
  const found = await pendingRoutingOf(deps, routingId, userId);
  if (!found) return { kind: 'stale' };
  const closed = await routings.closeRouting(deps.db, routingId, 'snoozed', deps.now());
  if (!closed) return { kind: 'stale' };
  const until = new Date(deps.now().getTime() + days * 86_400_000);
  await ensureMember(deps, client, found.question.team_id, userId);
  await setAvailability(deps.db, found.question.team_id, userId, { snoozed_until: until });
  await settleCard(
    client,
    closed,
    found.question,
    `:zzz: Snoozed until <!date^${Math.floor(until.getTime() / 1000)}^{date_short_pretty} {time}|${until.toISOString()}>. I passed this question on.`,
  );
  await deps.queue.add(
    'route-question',
    { questionId: found.question.id, reason: 'rerouted' },
    { jobId: `reroute-${routingId}` },
  );
  return { kind: 'done', message: 'snoozed' };
}

/**
 * Why the picked person cannot take this hand-off, judged from what Praxis already knows (no Slack call, so the
 * modal can show it as a field error within Slack's 3 s), or null. handOff checks again with the full member row.
 */
export async function handOffRefusal(
  deps: Pick<Deps, 'db'>,
  input: { routingId: number; userId: string; targetUserId: string },
): Promise<string | null> {
  const found = await pendingRoutingOf(deps, input.routingId, input.userId);
  if (!found) return null; // already acted on: handOff says so
  return handOffRefusalFor(
    found.question,
    input,
    await findMember(deps.db, found.question.team_id, input.targetUserId),
  );
}

function handOffRefusalFor(
  question: Pick<questions.QuestionRow, 'asker_id'>,
  input: { userId: string; targetUserId: string },
  target: Pick<MemberRow, 'is_bot' | 'deactivated'> | undefined,
): string | null {
  if (input.targetUserId === input.userId) return "That's you: pick someone else who could answer.";
  if (input.targetUserId === question.asker_id) return 'They asked the question: pick someone who could answer it.';
  if (target?.is_bot) return 'That is a bot: pick a person.';
  if (target?.deactivated) return 'That account is deactivated: pick someone who is still here.';
  return null;
}

/** "Hand off to…": routes the question to a person the expert picked, with their note. */
export async function handOff(
  deps: Deps,
  client: webApi.WebClient,
  input: { routingId: number; userId: string; targetUserId: string; note: string },
): Promise<ExpertActionOutcome> {
  const found = await pendingRoutingOf(deps, input.routingId, input.userId);
  if (!found) return { kind: 'stale' };
  const target = await ensureMember(deps, client, found.question.team_id, input.targetUserId);
  const refusal = handOffRefusalFor(found.question, input, target);
  if (refusal) return { kind: 'refused', message: refusal };
  const closed = await routings.closeRouting(deps.db, input.routingId, 'handed_off', deps.now());
  if (!closed) return { kind: 'stale' };
  const row = await routings.insertRouting(deps.db, {
    questionId: found.question.id,
    teamId: found.question.team_id,
    userId: input.targetUserId,
    stage: 'handoff',
    score: 0,
    reason: `<@${input.userId}> thought you would know.`,
    handedOffBy: input.userId,
    note: input.note,
    at: deps.now(),
  });
  if (row)
    await sendExpertCard(
      deps,
      row,
      found.question,
      null,
      input.note ? { fromUserId: input.userId, text: input.note } : null,
    );
  await settleCard(client, closed, found.question, `:handshake: Handed off to <@${input.targetUserId}>. Thank you!`);
  return { kind: 'done', message: 'handed off' };
}

/** "Answer" from the DM: posted in the question's thread, attributed to the expert, and recorded as their answer. */
export async function answerFromDm(
  deps: Deps,
  client: webApi.WebClient,
  input: { routingId: number; userId: string; text: string },
): Promise<ExpertActionOutcome> {
  const found = await pendingRoutingOf(deps, input.routingId, input.userId);
  // An answer is welcome even after someone else replied (status 'closed'), but never twice, nor after passing.
  if (!found || !found.question.message_ts || !['pending', 'closed'].includes(found.routing.status))
    return { kind: 'stale' };
  const posted = await client.chat.postMessage({
    channel: found.question.channel_id,
    thread_ts: found.question.message_ts,
    text: `*<@${input.userId}> answered:*\n${escapeSlackText(input.text)}`,
    unfurl_links: false,
  });
  await recordAnswer(deps, client, {
    question: found.question,
    userId: input.userId,
    channelId: found.question.channel_id,
    messageTs: posted.ts as string,
    text: input.text,
    via: 'dm_modal',
  });
  const settled = (await routings.findRouting(deps.db, input.routingId)) ?? found.routing;
  await settleCard(client, settled, found.question, ':raised_hands: Thanks! Your answer is in the thread.');
  return { kind: 'done', message: 'answered' };
}
