import type { webApi } from '@slack/bolt';
import { isCoordinator } from '../communities/community.repository.js';
import type { Deps } from '../deps.js';
import { findQuestion } from '../questions/question.repository.js';
import { escapeAndTruncate } from '../slack/text.js';
import { parseNudgeValue } from './blocks-alerts.js';
import { pendingExpertsOf } from './digest.repository.js';

const NOT_COORDINATOR = 'Only the community’s coordinators can act on its digest.';

/**
 * The digest's **Route now** button: re-routes a stale question at once (the routing job picks new experts).
 * A stable job id per question and hour makes a double click, or two coordinators clicking, route it once.
 * Returns the ephemeral reply for the coordinator.
 */
export async function rerouteFromDigest(
  deps: Pick<Deps, 'db' | 'queue' | 'now'>,
  input: { userId: string; questionId: number },
): Promise<string> {
  const question = await findQuestion(deps.db, input.questionId);
  if (!question) return 'That question no longer exists.';
  if (!(await isCoordinator(deps.db, question.community_id, input.userId))) return NOT_COORDINATOR;
  if (question.status === 'solved' || question.status === 'closed')
    return 'That question has been solved since the digest was posted. 🎉';
  const hour = Math.floor(deps.now().getTime() / 3_600_000);
  await deps.queue.add(
    'route-question',
    { questionId: question.id, reason: 'rerouted' },
    { jobId: `digest-reroute-${question.id}-${hour}` },
  );
  return `Re-routing “${escapeAndTruncate(question.title, 100)}” to new experts now.`;
}

/**
 * The digest's **Nudge** button: reminds the people concerned — the experts a stale question is waiting on, or the
 * members an alert names (quiet regulars, unanswered newcomers) — with a friendly DM. Returns the ephemeral reply.
 */
export async function nudgeFromDigest(
  deps: Pick<Deps, 'db' | 'logger'>,
  client: webApi.WebClient,
  input: { userId: string; value: string | undefined },
): Promise<string> {
  const nudge = parseNudgeValue(input.value);
  if (!nudge) return 'That button has expired; open the latest digest.';
  if (!(await isCoordinator(deps.db, nudge.c, input.userId))) return NOT_COORDINATOR;
  const dms: Array<{ user: string; text: string }> = [];
  if (nudge.q) {
    const question = await findQuestion(deps.db, nudge.q);
    if (!question || question.status === 'solved' || question.status === 'closed')
      return 'That question is solved already. 🎉';
    const title = escapeAndTruncate(question.title, 200);
    for (const user of await pendingExpertsOf(deps.db, question.id)) {
      dms.push({
        user,
        text: `👋 A gentle reminder from <@${input.userId}>: “${title}” in <#${question.channel_id}> is still waiting for an answer. Could you take a look?`,
      });
    }
  }
  for (const user of nudge.u ?? []) {
    dms.push({
      user,
      text:
        nudge.a === 'newcomer-neglect'
          ? `👋 Welcome! <@${input.userId}> wanted to make sure you found your feet. Questions are welcome any time: use \`/ask\` in the community channel.`
          : `👋 <@${input.userId}> says hi — the community has missed you. Drop by when you have a moment!`,
    });
  }
  let sent = 0;
  for (const dm of dms.slice(0, 20)) {
    try {
      const opened = await client.conversations.open({ users: dm.user });
      if (opened.channel?.id) {
        await client.chat.postMessage({ channel: opened.channel.id, text: dm.text });
        sent += 1;
      }
    } catch (err) {
      deps.logger.warn({ err, user: dm.user }, 'digest nudge not delivered');
    }
  }
  return sent ? `Sent ${sent} friendly reminder${sent === 1 ? '' : 's'}.` : 'Nobody to remind right now.';
}
