import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { activityFromMessageEvent } from '../../../activity/activity-events.js';
import { communityCacheFor } from '../../../communities/community-cache.js';
import type { Deps } from '../../../deps.js';
import * as answers from '../../../questions/answer.repository.js';
import { recordAnswer } from '../../../questions/answer.service.js';
import * as questions from '../../../questions/question.repository.js';

interface PlainMessage {
  type?: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
}

/** A human thread reply (possibly broadcast to the channel): it may answer a question. */
function mayBeAnAnswer(message: Partial<PlainMessage>): boolean {
  if (message.subtype && message.subtype !== 'thread_broadcast') return false;
  return !message.bot_id && !!message.user && !!message.thread_ts && message.thread_ts !== message.ts;
}

/**
 * True for a message event whose only effect in Praxis is its activity row: everything but edits, deletions and human
 * thread replies under a question (which are answers). Most of a busy channel's traffic is this, and the row is
 * idempotent on its own (source key = channel + ts), so these events skip the delivery claim and the listener chain
 * (src/slack/middleware/record-only-messages.ts). A reply costs one indexed look-up of its thread here — the one the
 * listener below makes, at the same moment (when the reply arrives), so the two agree on which replies are answers.
 */
export async function needsOnlyRecording(deps: Deps, message: Partial<PlainMessage>): Promise<boolean> {
  if (message.type !== 'message') return false;
  if (message.subtype === 'message_changed' || message.subtype === 'message_deleted') return false;
  if (!mayBeAnAnswer(message) || !message.channel || !message.thread_ts) return true;
  if (!(await communityCacheFor(deps).get(deps, message.channel))) return true;
  return (await questions.findQuestionByMessage(deps.db, message.channel, message.thread_ts)) === undefined;
}

/**
 * Queues the message's activity row (metadata only) when its channel belongs to a community; returns that community
 * (null for channels outside every community).
 */
export async function recordMessageActivity(deps: Deps, message: PlainMessage): Promise<{ id: number } | null> {
  if (!message.channel) return null;
  const community = await communityCacheFor(deps).get(deps, message.channel);
  if (!community) return null;
  const activity = activityFromMessageEvent(message, community.id, community.team_id);
  if (activity) deps.activity.record(activity);
  return community;
}

/**
 * Thread replies under a question are answers (any human but the asker). Edits update the stored answer and
 * deletions retract it. Bot messages never count.
 */
export function messageEvent(deps: Deps) {
  return async ({ event, client, logger }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'message'>) => {
    try {
      const message = event as unknown as PlainMessage & {
        message?: PlainMessage;
        previous_message?: PlainMessage;
        deleted_ts?: string;
      };
      if (message.subtype === 'message_changed' && message.message) {
        if (message.message.bot_id) return;
        await answers.editAnswer(deps.db, message.channel, message.message.ts, message.message.text ?? '', deps.now());
        return;
      }
      if (message.subtype === 'message_deleted' && message.deleted_ts) {
        await answers.deleteAnswer(deps.db, message.channel, message.deleted_ts, deps.now());
        return;
      }
      const community = await recordMessageActivity(deps, message);
      if (!community || !mayBeAnAnswer(message) || !message.thread_ts || !message.user) return;
      const question = await questions.findQuestionByMessage(deps.db, message.channel, message.thread_ts);
      if (!question) return;
      await recordAnswer(deps, client, {
        question,
        userId: message.user,
        channelId: message.channel,
        messageTs: message.ts,
        text: message.text ?? '',
        via: 'thread',
      });
    } catch (error) {
      logger.error('handling a message failed', error);
      throw error;
    }
  };
}
