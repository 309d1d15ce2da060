import type { Deps } from '../deps.js';
import { findMessageByMetadata } from '../slack/find-by-metadata.js';
import type { QuestionRow } from './question.repository.js';

/** Metadata event type on every posted question, so a retry can recognise a post whose ts was never recorded. */
export const QUESTION_EVENT_TYPE = 'praxis_question';

/** The same for the knowledge suggestions posted in the question's thread. */
export const SUGGESTIONS_EVENT_TYPE = 'praxis_suggestions';

// How far before the ask time a retry looks for the post (clock skew between hosts).
const LOOKBACK_MS = 5 * 60_000;

/** The ts of this question's post in its channel, if an earlier attempt posted it but died before recording it. */
export function findPostedQuestion(
  deps: Pick<Deps, 'slack'>,
  question: Pick<QuestionRow, 'id' | 'channel_id' | 'asked_at'>,
): Promise<string | null> {
  return findMessageByMetadata(
    deps.slack,
    question.channel_id,
    new Date(question.asked_at).getTime() - LOOKBACK_MS,
    (meta) => meta.event_type === QUESTION_EVENT_TYPE && Number(meta.event_payload?.question_id) === question.id,
  );
}

/** Whether an earlier attempt already posted this question's knowledge suggestions in its thread. */
export async function suggestionsPosted(
  deps: Pick<Deps, 'slack'>,
  question: Pick<QuestionRow, 'id' | 'channel_id' | 'asked_at'>,
  threadTs: string,
): Promise<boolean> {
  const found = await findMessageByMetadata(
    deps.slack,
    question.channel_id,
    new Date(question.asked_at).getTime() - LOOKBACK_MS,
    (meta) => meta.event_type === SUGGESTIONS_EVENT_TYPE && Number(meta.event_payload?.question_id) === question.id,
    threadTs,
  );
  return found !== null;
}

/**
 * Tells the asker privately in the question's channel; if the bot cannot post there (it is not a member), in a DM,
 * so the outcome never goes missing.
 */
export async function tellAsker(
  deps: Pick<Deps, 'slack'>,
  question: Pick<QuestionRow, 'channel_id' | 'asker_id'>,
  text: string,
): Promise<void> {
  try {
    await deps.slack.chat.postEphemeral({ channel: question.channel_id, user: question.asker_id, text });
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code !== 'not_in_channel' && code !== 'channel_not_found') throw error;
    const dm = await deps.slack.conversations.open({ users: question.asker_id });
    await deps.slack.chat.postMessage({ channel: dm.channel?.id as string, text });
  }
}
