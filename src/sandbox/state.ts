import type { IdFactory } from './ids.js';
import type { SandboxChannel, SandboxUser } from './types.js';

/** Options for {@link WorkspaceState.addUser}. */
export interface AddUserOptions {
  name: string;
  realName?: string;
  /** IANA time zone; Slack's default for new workspaces is America/Los_Angeles. */
  tz?: string;
  isBot?: boolean;
  /** A deactivated account: users.info reports `deleted: true`, conversations.open answers `user_disabled`. */
  deleted?: boolean;
  isAdmin?: boolean;
  email?: string;
}

/** Options for {@link WorkspaceState.addChannel}. */
export interface AddChannelOptions {
  name: string;
  isPrivate?: boolean;
  members?: string[];
  /** Whether the app's bot user is in the channel (default true, so posting works unless a test says otherwise). */
  botIsMember?: boolean;
  isArchived?: boolean;
  topic?: string;
  purpose?: string;
}

/** Users, conversations and memberships of the fake workspace. */
export class WorkspaceState {
  readonly users = new Map<string, SandboxUser>();
  readonly channels = new Map<string, SandboxChannel>();
  /** Sorted member list (joined by ',') → DM/MPIM id, so conversations.open is stable. */
  readonly #dmIndex = new Map<string, string>();
  readonly #ids: IdFactory;
  readonly #now: () => number;
  readonly botUserId: string;

  constructor(ids: IdFactory, now: () => number, bot: { userId: string; botId: string; name: string }) {
    this.#ids = ids;
    this.#now = now;
    this.botUserId = bot.userId;
    this.users.set(bot.userId, {
      id: bot.userId,
      name: bot.name,
      realName: bot.name,
      tz: 'America/Los_Angeles',
      isBot: true,
      deleted: false,
      isAdmin: false,
      email: '',
      botId: bot.botId,
    });
  }

  /** Adds a member to the workspace. */
  addUser(options: AddUserOptions): SandboxUser {
    const id = this.#ids.next('U');
    const user: SandboxUser = {
      id,
      name: options.name,
      realName: options.realName ?? options.name,
      tz: options.tz ?? 'America/Los_Angeles',
      isBot: options.isBot ?? false,
      deleted: options.deleted ?? false,
      isAdmin: options.isAdmin ?? false,
      email: options.email ?? `${options.name}@example.com`,
      botId: options.isBot ? this.#ids.next('B') : undefined,
    };
    this.users.set(id, user);
    return user;
  }

  /** Adds a public or private channel. */
  addChannel(options: AddChannelOptions): SandboxChannel {
    const members = new Set(options.members ?? []);
    if (options.botIsMember ?? true) members.add(this.botUserId);
    for (const member of members) this.requireUser(member);
    const channel: SandboxChannel = {
      id: this.#ids.next('C'),
      name: options.name.replace(/^#/, ''),
      isPrivate: options.isPrivate ?? false,
      isIm: false,
      isMpim: false,
      isArchived: options.isArchived ?? false,
      members,
      created: Math.floor(this.#now() / 1000),
      creator: [...members][0] ?? this.botUserId,
      topic: options.topic ?? '',
      purpose: options.purpose ?? '',
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The stable DM (one human) or group DM (several) between the bot and `userIds`; created on first use. */
  openConversation(userIds: string[]): { channel: SandboxChannel; alreadyOpen: boolean } {
    const humans = [...new Set(userIds)].filter((id) => id !== this.botUserId).sort();
    const key = humans.join(',');
    const existing = this.#dmIndex.get(key);
    if (existing) return { channel: this.requireChannel(existing), alreadyOpen: true };
    const isIm = humans.length === 1;
    const channel: SandboxChannel = {
      id: this.#ids.next(isIm ? 'D' : 'G'),
      name: isIm ? (humans[0] ?? '') : `mpdm-${humans.map((id) => this.users.get(id)?.name ?? id).join('--')}-1`,
      isPrivate: true,
      isIm,
      isMpim: !isIm,
      isArchived: false,
      members: new Set([this.botUserId, ...humans]),
      created: Math.floor(this.#now() / 1000),
      creator: this.botUserId,
      topic: '',
      purpose: '',
      user: isIm ? humans[0] : undefined,
    };
    this.channels.set(channel.id, channel);
    this.#dmIndex.set(key, channel.id);
    return { channel, alreadyOpen: false };
  }

  /** The id of the bot's DM with `userId`, if one was opened. */
  findDm(userId: string): string | undefined {
    return this.#dmIndex.get(userId);
  }

  /** Slack's `channel_type` for events: channel, group, im or mpim. */
  channelType(channel: SandboxChannel): 'channel' | 'group' | 'im' | 'mpim' {
    if (channel.isIm) return 'im';
    if (channel.isMpim) return 'mpim';
    return channel.isPrivate ? 'group' : 'channel';
  }

  /** Whether the bot can see the conversation at all (private channels it is not in are invisible, as in Slack). */
  botCanSee(channel: SandboxChannel): boolean {
    return !channel.isPrivate || channel.members.has(this.botUserId);
  }

  /** Looks up a user; throws a test-facing error when the test passed an unknown id. */
  requireUser(id: string): SandboxUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`Slack sandbox: unknown user ${id}`);
    return user;
  }

  /** Looks up a conversation; throws a test-facing error when the test passed an unknown id. */
  requireChannel(id: string): SandboxChannel {
    const channel = this.channels.get(id);
    if (!channel) throw new Error(`Slack sandbox: unknown channel ${id}`);
    return channel;
  }
}
