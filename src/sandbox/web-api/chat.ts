import { withGeneratedIds } from '../block-ids.js';
import { isObject } from '../block-limits.js';
import type { SandboxCore } from '../core.js';
import {
  deliverEventInBackground,
  messageChangedEvent,
  messageDeletedEvent,
  messageEvent,
} from '../payloads/events.js';
import { messageJson } from '../serialize.js';
import type { JsonObject, SandboxMessage } from '../types.js';
import { type ApiHandler, type Args, fail } from './args.js';
import { channelForBotRead, channelForBotWrite, checkMessagePayload } from './common.js';

/** The message fields shared by postMessage, postEphemeral and update. */
function messageArgs(core: SandboxCore, method: string, args: Args) {
  const payload = {
    text: args.string('text') ?? '',
    blocks: args.json('blocks'),
    attachments: args.json('attachments'),
  };
  checkMessagePayload(core, method, payload);
  const metadata = args.json('metadata');
  return {
    text: payload.text,
    blocks: withGeneratedIds(payload.blocks, () => core.ids.shortId()),
    attachments: Array.isArray(payload.attachments) ? (payload.attachments as JsonObject[]) : undefined,
    metadata: isObject(metadata) ? metadata : undefined,
  };
}

/** Posts as the app and echoes the post to the app as a `message` event, as Slack does. */
export function postAsBot(
  core: SandboxCore,
  input: Omit<Parameters<SandboxCore['messages']['add']>[0], 'user' | 'botId'>,
) {
  const stored = core.messages.add({ ...input, user: core.identity.botUserId, botId: core.identity.botId });
  if (!stored.ok) return fail(stored.error);
  deliverEventInBackground(core, messageEvent(core, stored.value));
  return stored.value;
}

function ownMessage(core: SandboxCore, channel: string, ts: string | undefined, cantCode: string): SandboxMessage {
  const message = ts ? core.messages.find(channel, ts) : undefined;
  if (!message) return fail('message_not_found');
  if (message.botId !== core.identity.botId) return fail(cantCode);
  return message;
}

const postMessage: ApiHandler = ({ core, args, method }) => {
  const channel = channelForBotWrite(core, args.string('channel'));
  const threadTs = args.string('thread_ts');
  const subtype = threadTs && args.bool('reply_broadcast') ? 'thread_broadcast' : undefined;
  const message = postAsBot(core, { channel: channel.id, threadTs, subtype, ...messageArgs(core, method, args) });
  return { channel: channel.id, ts: message.ts, message: messageJson(core, message) };
};

const postEphemeral: ApiHandler = ({ core, args, method }) => {
  const channel = channelForBotWrite(core, args.string('channel'));
  const user = args.string('user');
  if (!user || !channel.members.has(user)) return fail('user_not_in_channel');
  const { text, blocks } = messageArgs(core, method, args);
  const ephemeral = core.messages.addEphemeral({
    channel: channel.id,
    user,
    text,
    blocks,
    threadTs: args.string('thread_ts'),
    source: 'api',
  });
  return { message_ts: ephemeral.ts };
};

const update: ApiHandler = ({ core, args, method }) => {
  const channel = channelForBotRead(core, args.string('channel'));
  const message = ownMessage(core, channel.id, args.string('ts'), 'cant_update_message');
  const previous = messageJson(core, message, { inEvent: true });
  const next = messageArgs(core, method, args);
  message.text = next.text;
  // chat.update keeps fields that are not passed, except that passing text without blocks drops the blocks.
  message.blocks = next.blocks ?? (args.raw.blocks === undefined ? message.blocks : undefined);
  message.attachments = next.attachments ?? message.attachments;
  message.metadata = next.metadata ?? message.metadata;
  message.edited = { user: core.identity.botUserId, ts: core.ids.nextTs() };
  deliverEventInBackground(core, messageChangedEvent(core, previous, message));
  const json = messageJson(core, message);
  // chat.update's `message` omits the thread and reaction bookkeeping (java-slack-sdk samples/api/chat.update.json).
  for (const key of [
    'ts',
    'thread_ts',
    'parent_user_id',
    'reply_count',
    'reply_users',
    'reply_users_count',
    'latest_reply',
    'reactions',
    'subtype',
  ]) {
    delete json[key];
  }
  return { channel: channel.id, ts: message.ts, text: message.text, message: json };
};

const remove: ApiHandler = ({ core, args }) => {
  const channel = channelForBotRead(core, args.string('channel'));
  const message = ownMessage(core, channel.id, args.string('ts'), 'cant_delete_message');
  const previous = messageJson(core, message, { inEvent: true });
  core.messages.remove(channel.id, message.ts);
  deliverEventInBackground(core, messageDeletedEvent(core, previous, channel, message.ts));
  return { channel: channel.id, ts: message.ts };
};

const getPermalink: ApiHandler = ({ core, args }) => {
  const channel = channelForBotRead(core, args.string('channel'));
  const ts = args.string('message_ts');
  const message = ts ? core.messages.find(channel.id, ts) : undefined;
  if (!message) return fail('message_not_found');
  const base = `https://${core.identity.teamDomain}.slack.com/archives/${channel.id}/p${message.ts.replace('.', '')}`;
  const inThread = message.threadTs && message.threadTs !== message.ts;
  return {
    channel: channel.id,
    permalink: inThread ? `${base}?thread_ts=${message.threadTs}&cid=${channel.id}` : base,
  };
};

/** chat.* methods. */
export const chatMethods: Record<string, ApiHandler> = {
  'chat.postMessage': postMessage,
  'chat.postEphemeral': postEphemeral,
  'chat.update': update,
  'chat.delete': remove,
  'chat.getPermalink': getPermalink,
};
