import { channelJson, messageJson } from '../serialize.js';
import type { SandboxMessage } from '../types.js';
import { type ApiHandler, type Args, fail } from './args.js';
import { channelForBotRead } from './common.js';

/** Cursor pagination as Slack does it: opaque `next_cursor`, empty when there is no more. */
export function paginate<T>(items: T[], args: Args, defaultLimit: number): { page: T[]; nextCursor: string } {
  const limit = Math.max(1, Math.min(args.int('limit') ?? defaultLimit, 1000));
  const cursor = args.string('cursor');
  let offset = 0;
  if (cursor) {
    offset = Number(/^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'))?.[1] ?? Number.NaN);
    if (!Number.isInteger(offset)) fail('invalid_cursor');
  }
  const page = items.slice(offset, offset + limit);
  const more = offset + limit < items.length;
  return { page, nextCursor: more ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '' };
}

/** Applies conversations.history/replies' oldest/latest/inclusive window. */
function inWindow(messages: SandboxMessage[], args: Args): SandboxMessage[] {
  const oldest = args.string('oldest');
  const latest = args.string('latest');
  const inclusive = args.bool('inclusive') ?? false;
  return messages.filter((m) => {
    const ts = Number(m.ts);
    if (oldest && (inclusive ? ts < Number(oldest) : ts <= Number(oldest))) return false;
    if (latest && (inclusive ? ts > Number(latest) : ts >= Number(latest))) return false;
    return true;
  });
}

const open: ApiHandler = ({ core, args }) => {
  const channelId = args.string('channel');
  if (channelId) return { channel: { id: channelForBotRead(core, channelId).id } };
  const users = args.list('users');
  if (users.length === 0) return fail('users_list_not_supplied');
  if (users.length > 8) return fail('too_many_users');
  for (const id of users) {
    const user = core.state.users.get(id);
    if (!user) return fail('user_not_found');
    if (user.deleted) return fail('user_disabled');
    if (user.isBot && users.length === 1 && id !== core.identity.botUserId) return fail('cannot_dm_bot');
  }
  const { channel, alreadyOpen } = core.state.openConversation(users);
  const body = args.bool('return_im')
    ? {
        id: channel.id,
        created: channel.created,
        is_im: channel.isIm,
        is_org_shared: false,
        user: channel.user,
        is_archived: false,
      }
    : { id: channel.id };
  return alreadyOpen ? { no_op: true, already_open: true, channel: body } : { channel: body };
};

const info: ApiHandler = ({ core, args }) => {
  const channel = channelForBotRead(core, args.string('channel'));
  return { channel: channelJson(core, channel) };
};

const members: ApiHandler = ({ core, args }) => {
  const channel = channelForBotRead(core, args.string('channel'));
  const { page, nextCursor } = paginate([...channel.members], args, 100);
  return { members: page, response_metadata: { next_cursor: nextCursor } };
};

const history: ApiHandler = ({ core, args }) => {
  const channel = channelForBotRead(core, args.string('channel'));
  if (!channel.members.has(core.identity.botUserId)) return fail('not_in_channel');
  const newestFirst = inWindow(core.messages.topLevel(channel.id), args).reverse();
  const { page, nextCursor } = paginate(newestFirst, args, 100);
  return {
    messages: page.map((m) => messageJson(core, m)),
    has_more: nextCursor !== '',
    pin_count: 0,
    // Stale fields Slack still returns, required by slack-api-specs' conversations.history schema.
    channel_actions_ts: null,
    channel_actions_count: 0,
    response_metadata: { next_cursor: nextCursor },
  };
};

const replies: ApiHandler = ({ core, args }) => {
  const channel = channelForBotRead(core, args.string('channel'));
  const ts = args.string('ts');
  const thread = ts ? core.messages.thread(channel.id, ts) : [];
  if (thread.length === 0) return fail('thread_not_found');
  const { page, nextCursor } = paginate(inWindow(thread, args), args, 1000);
  return {
    messages: page.map((m) => messageJson(core, m)),
    has_more: nextCursor !== '',
    response_metadata: { next_cursor: nextCursor },
  };
};

/** conversations.* methods. */
export const conversationMethods: Record<string, ApiHandler> = {
  'conversations.open': open,
  'conversations.info': info,
  'conversations.members': members,
  'conversations.history': history,
  'conversations.replies': replies,
};
