import { randomUUID } from 'node:crypto';
import type { SandboxCore } from '../core.js';
import {
  appHomeOpenedEvent,
  deliverEvent,
  memberJoinedEvent,
  messageChangedEvent,
  messageDeletedEvent,
  messageEvent,
  reactionEvent,
} from '../payloads/events.js';
import { messageJson } from '../serialize.js';
import type { Delivery, JsonObject, SandboxMessage } from '../types.js';
import { idOf, type Ref } from './refs.js';

/** Delivers when the app is reachable (Request URL or Socket Mode); seeding history before the app starts is allowed. */
async function maybeDeliver(core: SandboxCore, event: JsonObject): Promise<Delivery | undefined> {
  if (!core.delivery.reachable) return undefined;
  return (await deliverEvent(core, event))[0];
}

function memberMessage(core: SandboxCore, user: Ref, channel: Ref) {
  const u = core.state.requireUser(idOf(user));
  const c = core.state.requireChannel(idOf(channel));
  if (!c.members.has(u.id)) throw new Error(`Slack sandbox: ${u.name} (${u.id}) is not a member of ${c.id}`);
  return { user: u, channel: c };
}

/**
 * A person posts in a channel, DM or thread: the message is stored and a `message` event (plus `app_mention` when
 * the text mentions the bot outside DMs) is delivered. Resolves once the app acked.
 */
export async function humanPost(
  core: SandboxCore,
  input: { user: Ref; channel: Ref; text: string; threadTs?: string; blocks?: JsonObject[] },
): Promise<SandboxMessage> {
  const { user, channel } = memberMessage(core, input.user, input.channel);
  const stored = core.messages.add({
    channel: channel.id,
    user: user.id,
    text: input.text,
    threadTs: input.threadTs,
    blocks: input.blocks,
  });
  if (!stored.ok) throw new Error(`Slack sandbox: ${stored.error} (thread_ts ${input.threadTs} in ${channel.id})`);
  const message = stored.value;
  const clientMsgId = randomUUID();
  await maybeDeliver(core, { ...messageEvent(core, message), client_msg_id: clientMsgId });
  if (!channel.isIm && input.text.includes(`<@${core.identity.botUserId}>`)) {
    // app_mention carries no channel_type / parent_user_id (samples/events/AppMentionPayload.json).
    const event = messageEvent(core, message);
    delete event.channel_type;
    delete event.parent_user_id;
    await maybeDeliver(core, { ...event, type: 'app_mention', client_msg_id: clientMsgId });
  }
  return message;
}

/** A person edits their message: `message_changed` is delivered. */
export async function humanEdit(core: SandboxCore, input: { user: Ref; channel: Ref; ts: string; text: string }) {
  const message = ownMessage(core, input);
  const previous = messageJson(core, message, { inEvent: true });
  message.text = input.text;
  message.edited = { user: message.user, ts: core.ids.nextTs() };
  await maybeDeliver(core, messageChangedEvent(core, previous, message));
  return message;
}

/** A person deletes their message: `message_deleted` is delivered. */
export async function humanDelete(core: SandboxCore, input: { user: Ref; channel: Ref; ts: string }): Promise<void> {
  const message = ownMessage(core, input);
  const previous = messageJson(core, message, { inEvent: true });
  core.messages.remove(message.channel, message.ts);
  await maybeDeliver(core, messageDeletedEvent(core, previous, core.state.requireChannel(message.channel), message.ts));
}

function ownMessage(core: SandboxCore, input: { user: Ref; channel: Ref; ts: string }): SandboxMessage {
  const message = core.messages.find(idOf(input.channel), input.ts);
  if (!message || message.user !== idOf(input.user)) {
    throw new Error(`Slack sandbox: ${idOf(input.user)} has no message ${input.ts} in ${idOf(input.channel)}`);
  }
  return message;
}

/** A person adds or removes a reaction: `reaction_added` / `reaction_removed` is delivered. */
export async function humanReaction(
  core: SandboxCore,
  type: 'reaction_added' | 'reaction_removed',
  input: { user: Ref; channel: Ref; ts: string; name: string },
): Promise<Delivery | undefined> {
  const user = idOf(input.user);
  const message = core.messages.find(idOf(input.channel), input.ts);
  if (!message) throw new Error(`Slack sandbox: no message ${input.ts} in ${idOf(input.channel)}`);
  const changed =
    type === 'reaction_added'
      ? core.messages.addReaction(message, input.name, user)
      : core.messages.removeReaction(message, input.name, user);
  if (!changed) throw new Error(`Slack sandbox: ${type} ${input.name} by ${user} changes nothing`);
  return maybeDeliver(core, reactionEvent(core, type, { user, reaction: input.name, message }));
}

/** A user joins a channel: membership is stored and `member_joined_channel` delivered. */
export async function memberJoin(
  core: SandboxCore,
  user: Ref,
  channel: Ref,
  inviter?: Ref,
): Promise<Delivery | undefined> {
  const c = core.state.requireChannel(idOf(channel));
  const u = core.state.requireUser(idOf(user));
  c.members.add(u.id);
  return maybeDeliver(core, memberJoinedEvent(core, u.id, c, inviter ? idOf(inviter) : undefined));
}

/** A user opens the app's Home (or Messages) tab: `app_home_opened` is delivered. */
export async function openHome(
  core: SandboxCore,
  user: Ref,
  tab: 'home' | 'messages' = 'home',
): Promise<Delivery | undefined> {
  core.state.requireUser(idOf(user));
  // Undefined when the app does not subscribe to app_home_opened (nothing is delivered).
  const [delivery] = await deliverEvent(core, appHomeOpenedEvent(core, idOf(user), tab));
  return delivery;
}
