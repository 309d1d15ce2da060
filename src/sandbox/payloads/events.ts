import type { SandboxCore } from '../core.js';
import { messageJson } from '../serialize.js';
import { viewJson } from '../serialize-view.js';
import { deliversEvent } from '../subscriptions.js';
import type { Delivery, JsonObject, SandboxChannel, SandboxMessage } from '../types.js';

/** Options for redelivering an event (shared/docs/slack-testing.md §5.2). */
export interface DeliverEventOptions {
  /** Total sends with the same event_id; sends 2..n carry X-Slack-Retry-Num 1..n-1. Default 1. */
  times?: number;
  /** X-Slack-Retry-Reason on retries (default http_timeout). */
  retryReason?: string;
}

/** Wraps an inner event in Slack's `event_callback` envelope (shape: java-slack-sdk samples/events/*.json). */
export function eventEnvelope(core: SandboxCore, event: JsonObject): JsonObject {
  const { identity } = core;
  return {
    token: identity.verificationToken,
    team_id: identity.teamId,
    api_app_id: identity.appId,
    event,
    type: 'event_callback',
    event_id: core.ids.next('Ev'),
    event_time: Math.floor(core.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: identity.teamId,
        user_id: identity.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(`${identity.teamId}:${event.type}`).toString('base64url')}`,
  };
}

/** Delivers an event `times` times with one event_id; stops early if the app answers X-Slack-No-Retry: 1. */
export async function deliverEvent(
  core: SandboxCore,
  event: JsonObject,
  options: DeliverEventOptions = {},
): Promise<Delivery[]> {
  if (!deliversEvent(core.botEvents, event)) return []; // the app did not subscribe to it
  const envelope = eventEnvelope(core, event);
  const body = JSON.stringify(envelope);
  const results: Delivery[] = [];
  for (let attempt = 0; attempt < (options.times ?? 1); attempt += 1) {
    const delivery = await core.delivery.send({
      kind: `event:${String(event.type)}`,
      body,
      contentType: 'application/json',
      payload: envelope,
      eventId: String(envelope.event_id),
      retryNum: attempt,
      retryReason: options.retryReason,
    });
    results.push(delivery);
    if (delivery.noRetry) break;
  }
  return results;
}

/** Delivers an event without waiting (how Slack sends events caused by Web API calls). */
export function deliverEventInBackground(core: SandboxCore, event: JsonObject): void {
  if (!deliversEvent(core.botEvents, event)) return; // the app did not subscribe to it
  const envelope = eventEnvelope(core, event);
  core.delivery.sendInBackground({
    kind: `event:${String(event.type)}`,
    body: JSON.stringify(envelope),
    contentType: 'application/json',
    payload: envelope,
    eventId: String(envelope.event_id),
  });
}

/** A `message` event for a new message (human or the bot's own post, which carries bot_id as Slack's echo does). */
export function messageEvent(core: SandboxCore, message: SandboxMessage): JsonObject {
  const json = messageJson(core, message, { inEvent: true });
  delete json.reply_count;
  delete json.reply_users;
  delete json.reply_users_count;
  delete json.latest_reply;
  delete json.reactions;
  // The samples' message events carry only metadata.event_type (see README "Known deviations").
  if (message.metadata) json.metadata = { event_type: message.metadata.event_type };
  const channel = core.state.requireChannel(message.channel);
  return { ...json, channel: channel.id, event_ts: message.ts, channel_type: core.state.channelType(channel) };
}

/** `message_changed`: the edited message and the previous version. */
export function messageChangedEvent(core: SandboxCore, previous: JsonObject, message: SandboxMessage): JsonObject {
  const channel = core.state.requireChannel(message.channel);
  const ts = core.ids.nextTs();
  return {
    type: 'message',
    subtype: 'message_changed',
    message: messageJson(core, message, { inEvent: true }),
    previous_message: previous,
    channel: channel.id,
    hidden: true,
    ts,
    event_ts: ts,
    channel_type: core.state.channelType(channel),
  };
}

/** `message_deleted`: carries the deleted message as previous_message. */
export function messageDeletedEvent(
  core: SandboxCore,
  previous: JsonObject,
  channel: SandboxChannel,
  deletedTs: string,
): JsonObject {
  const ts = core.ids.nextTs();
  return {
    type: 'message',
    subtype: 'message_deleted',
    previous_message: previous,
    channel: channel.id,
    hidden: true,
    deleted_ts: deletedTs,
    ts,
    event_ts: ts,
    channel_type: core.state.channelType(channel),
  };
}

/** `reaction_added` / `reaction_removed` on a message. */
export function reactionEvent(
  core: SandboxCore,
  type: 'reaction_added' | 'reaction_removed',
  input: { user: string; reaction: string; message: SandboxMessage },
): JsonObject {
  return {
    type,
    user: input.user,
    item: { type: 'message', channel: input.message.channel, ts: input.message.ts },
    reaction: input.reaction,
    item_user: input.message.user,
    event_ts: core.ids.nextTs(),
  };
}

/** `member_joined_channel`. */
export function memberJoinedEvent(
  core: SandboxCore,
  user: string,
  channel: SandboxChannel,
  inviter?: string,
): JsonObject {
  return {
    type: 'member_joined_channel',
    user,
    channel: channel.id,
    channel_type: channel.isPrivate ? 'G' : 'C',
    team: core.identity.teamId,
    ...(inviter ? { inviter } : {}),
    event_ts: core.ids.nextTs(),
  };
}

/** `app_home_opened` for the Home tab; carries the published home view when there is one. */
export function appHomeOpenedEvent(core: SandboxCore, user: string, tab: 'home' | 'messages'): JsonObject {
  const dm = core.state.openConversation([user]).channel;
  const home = core.views.homeOf(user);
  return {
    type: 'app_home_opened',
    user,
    channel: dm.id,
    tab,
    event_ts: core.ids.nextTs(),
    ...(home && tab === 'home' ? { view: viewJson(core, home) } : {}),
  };
}
