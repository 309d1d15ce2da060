import type { IdFactory } from './ids.js';
import type { JsonObject, SandboxEphemeral, SandboxMessage } from './types.js';

/** Fields needed to store a new message; the store assigns `ts` and thread bookkeeping. */
export interface NewMessage {
  channel: string;
  user: string;
  botId?: string;
  text: string;
  blocks?: JsonObject[];
  attachments?: JsonObject[];
  metadata?: JsonObject;
  threadTs?: string;
  files?: string[];
  subtype?: string;
}

/** Outcome of a store operation that Slack can refuse; the caller maps `error` to the method's error code. */
export type StoreResult<T> = { ok: true; value: T } | { ok: false; error: 'message_not_found' | 'thread_not_found' };

/** Messages per conversation (oldest first), threads, reactions and ephemerals. */
export class MessageStore {
  readonly #byChannel = new Map<string, SandboxMessage[]>();
  readonly ephemerals: SandboxEphemeral[] = [];
  readonly #ids: IdFactory;

  constructor(ids: IdFactory) {
    this.#ids = ids;
  }

  /** Stores a message. A `threadTs` must name a top-level message of the same channel. */
  add(input: NewMessage): StoreResult<SandboxMessage> {
    let parent: SandboxMessage | undefined;
    if (input.threadTs !== undefined) {
      parent = this.find(input.channel, input.threadTs);
      // Replying to a reply or to nothing is a bug in the app; Slack's documented rule is thread_ts = parent ts.
      if (!parent || (parent.threadTs !== undefined && parent.threadTs !== parent.ts)) {
        return { ok: false, error: 'thread_not_found' };
      }
    }
    const message: SandboxMessage = { ...input, ts: this.#ids.nextTs(), replies: [], reactions: [] };
    if (parent) {
      parent.threadTs = parent.ts;
      parent.replies.push(message.ts);
    }
    this.#list(input.channel).push(message);
    return { ok: true, value: message };
  }

  /** Finds a message (top-level or reply) by ts. */
  find(channel: string, ts: string): SandboxMessage | undefined {
    return this.#byChannel.get(channel)?.find((m) => m.ts === ts);
  }

  /** Top-level messages of a conversation, oldest first (thread replies excluded, as in the channel view). */
  topLevel(channel: string): SandboxMessage[] {
    return this.#list(channel).filter((m) => m.threadTs === undefined || m.threadTs === m.ts);
  }

  /** A thread: the parent then its replies, oldest first; empty when `ts` is unknown. */
  thread(channel: string, ts: string): SandboxMessage[] {
    const message = this.find(channel, ts);
    if (!message) return [];
    const parent = message.threadTs && message.threadTs !== message.ts ? this.find(channel, message.threadTs) : message;
    if (!parent) return [];
    return [parent, ...parent.replies.flatMap((replyTs) => this.find(channel, replyTs) ?? [])];
  }

  /** Distinct reply authors of a thread parent, in order of first reply. */
  replyUsers(parent: SandboxMessage): string[] {
    const users = parent.replies.flatMap((ts) => this.find(parent.channel, ts)?.user ?? []);
    return [...new Set(users)];
  }

  /** Removes a message (and detaches it from its thread). */
  remove(channel: string, ts: string): StoreResult<SandboxMessage> {
    const list = this.#list(channel);
    const index = list.findIndex((m) => m.ts === ts);
    const message = list[index];
    if (!message) return { ok: false, error: 'message_not_found' };
    list.splice(index, 1);
    if (message.threadTs && message.threadTs !== ts) {
      const parent = this.find(channel, message.threadTs);
      if (parent) parent.replies = parent.replies.filter((r) => r !== ts);
    }
    return { ok: true, value: message };
  }

  /** Adds `user`'s reaction; false when that user already reacted with that name. */
  addReaction(message: SandboxMessage, name: string, user: string): boolean {
    let reaction = message.reactions.find((r) => r.name === name);
    if (!reaction) {
      reaction = { name, users: [] };
      message.reactions.push(reaction);
    }
    if (reaction.users.includes(user)) return false;
    reaction.users.push(user);
    return true;
  }

  /** Removes `user`'s reaction; false when there was none. */
  removeReaction(message: SandboxMessage, name: string, user: string): boolean {
    const reaction = message.reactions.find((r) => r.name === name);
    if (!reaction?.users.includes(user)) return false;
    reaction.users = reaction.users.filter((u) => u !== user);
    if (reaction.users.length === 0) message.reactions = message.reactions.filter((r) => r !== reaction);
    return true;
  }

  /** Records an ephemeral message and gives it a `message_ts`. */
  addEphemeral(input: Omit<SandboxEphemeral, 'ts'>): SandboxEphemeral {
    const ephemeral = { ...input, ts: this.#ids.nextTs() };
    this.ephemerals.push(ephemeral);
    return ephemeral;
  }

  #list(channel: string): SandboxMessage[] {
    let list = this.#byChannel.get(channel);
    if (!list) {
      list = [];
      this.#byChannel.set(channel, list);
    }
    return list;
  }
}
