import type { ActivityInput } from './activity.repository.js';

/**
 * Pure mappings from Slack Events API payloads to activity rows. Metadata only: who, what kind, when, where and
 * which message — the text of a message is never read or kept. Bots are excluded at the door.
 */

/** The fields of a `message` event Praxis reads (everything else, the text included, is ignored). */
export interface SlackMessageEventLike {
  type?: string;
  subtype?: string;
  channel?: string;
  user?: string;
  bot_id?: string;
  ts?: string;
  thread_ts?: string;
}

/** The fields of a `reaction_added` / `reaction_removed` event Praxis reads. */
export interface SlackReactionEventLike {
  type?: string;
  user?: string;
  reaction?: string;
  item_user?: string;
  item?: { type?: string; channel?: string; ts?: string };
  event_ts?: string;
}

/** The fields of a `member_joined_channel` / `member_left_channel` event Praxis reads. */
export interface SlackMembershipEventLike {
  type?: string;
  user?: string;
  channel?: string;
  event_ts?: string;
}

/** Options shared by the mappers. */
export interface MapOptions {
  /** Known bot user ids (the app's own bot user at least): their activity is never recorded. */
  botUserIds?: ReadonlySet<string>;
}

// Subtypes that are a person speaking. Everything else (bot_message, message_changed, message_deleted, the legacy
// channel_join/channel_leave, …) is either not a person or not a new message.
const HUMAN_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share', 'me_message']);

/** Converts a Slack ts ("1700000000.000200") to a Date. */
export function slackTsToDate(ts: string): Date {
  return new Date(Math.round(Number.parseFloat(ts) * 1000));
}

function isBot(userId: string | undefined, options: MapOptions): boolean {
  return userId === undefined || userId === '' || (options.botUserIds?.has(userId) ?? false);
}

/**
 * A channel message or thread reply → a `message` activity (`isReply` for replies), or null for bots, edits,
 * deletions and system messages. The source key is the message's channel + ts, so a redelivered event counts once.
 */
export function activityFromMessageEvent(
  event: SlackMessageEventLike,
  communityId: number,
  teamId: string,
  options: MapOptions = {},
): ActivityInput | null {
  if (event.bot_id || !HUMAN_SUBTYPES.has(event.subtype)) return null;
  if (!event.channel || !event.ts || isBot(event.user, options)) return null;
  const isReply = event.thread_ts !== undefined && event.thread_ts !== event.ts;
  return {
    teamId,
    communityId,
    channelId: event.channel,
    userId: event.user as string,
    kind: 'message',
    occurredAt: slackTsToDate(event.ts),
    isReply,
    itemTs: event.ts,
    threadTs: isReply ? (event.thread_ts ?? null) : null,
    sourceKey: `msg:${event.channel}:${event.ts}`,
  };
}

/**
 * `reaction_added` / `reaction_removed` on a message → a reaction activity whose target is the message's author
 * (`item_user`). Reactions on files, and reactions by bots, are ignored.
 */
export function activityFromReactionEvent(
  event: SlackReactionEventLike,
  communityId: number,
  teamId: string,
  options: MapOptions = {},
): ActivityInput | null {
  const kind =
    event.type === 'reaction_removed' ? 'reaction_removed' : event.type === 'reaction_added' ? 'reaction_added' : null;
  if (!kind || event.item?.type !== 'message' || !event.item.channel || !event.item.ts || !event.event_ts) return null;
  if (isBot(event.user, options)) return null;
  return {
    teamId,
    communityId,
    channelId: event.item.channel,
    userId: event.user as string,
    kind,
    occurredAt: slackTsToDate(event.event_ts),
    targetUserId: event.item_user ?? null,
    emoji: event.reaction ?? null,
    itemTs: event.item.ts,
    // event_ts differs between an add, a remove and a re-add, and is the same on a redelivery.
    sourceKey: `${kind}:${event.item.channel}:${event.item.ts}:${event.user}:${event.reaction ?? ''}:${event.event_ts}`,
  };
}

/** `member_joined_channel` / `member_left_channel` → `member_joined` / `member_left`. */
export function activityFromMembershipEvent(
  event: SlackMembershipEventLike,
  communityId: number,
  teamId: string,
  options: MapOptions = {},
): ActivityInput | null {
  const kind =
    event.type === 'member_joined_channel'
      ? 'member_joined'
      : event.type === 'member_left_channel'
        ? 'member_left'
        : null;
  if (!kind || !event.channel || !event.event_ts || isBot(event.user, options)) return null;
  return {
    teamId,
    communityId,
    channelId: event.channel,
    userId: event.user as string,
    kind,
    occurredAt: slackTsToDate(event.event_ts),
    sourceKey: `${kind}:${event.channel}:${event.user}:${event.event_ts}`,
  };
}
