import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { type KnowledgeEntryRow, privateSourceChannels, type VisibilityScope } from './knowledge.repository.js';

/** How long a channel's member list is trusted: short, so someone removed from a private channel loses access fast. */
const MEMBERSHIP_TTL_MS = 60_000;

/**
 * A brief cache of private-channel member lists, so a search or a burst of clicks does not call Slack for every
 * channel every time. One per Deps (never a module singleton): tests with their own Deps never share entries.
 */
export class MembershipCache {
  readonly #lists = new Map<string, { members: Set<string>; expires: number }>();

  constructor(
    private readonly now: () => Date,
    private readonly ttlMs = MEMBERSHIP_TTL_MS,
  ) {}

  /** Whether `userId` is a member of `channelId` per Slack. Any failure (channel gone, bot removed) means no. */
  async isMember(client: webApi.WebClient, channelId: string, userId: string): Promise<boolean> {
    // Fail closed: when Slack cannot confirm membership, the private entry stays hidden.
    return (await this.members(client, channelId))?.has(userId) ?? false;
  }

  /** The channel's members per Slack (cached briefly), or null when Slack would not say. */
  async members(client: webApi.WebClient, channelId: string): Promise<Set<string> | null> {
    const cached = this.#lists.get(channelId);
    if (cached && cached.expires > this.now().getTime()) return cached.members;
    const members = new Set<string>();
    try {
      let cursor: string | undefined;
      do {
        const page = await client.conversations.members({ channel: channelId, limit: 1000, cursor });
        for (const m of page.members ?? []) members.add(m);
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch {
      return null;
    }
    this.#lists.set(channelId, { members, expires: this.now().getTime() + this.ttlMs });
    return members;
  }
}

const caches = new WeakMap<Deps, MembershipCache>();

/** The membership cache belonging to these deps (created on first use). */
export function membershipCacheFor(deps: Deps): MembershipCache {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new MembershipCache(deps.now);
    caches.set(deps, cache);
  }
  return cache;
}

/** What `userId` may see: public entries plus private ones from channels (or DMs) Slack says they are in. */
export async function scopeForUser(
  deps: Deps,
  client: webApi.WebClient,
  teamId: string,
  userId: string,
): Promise<VisibilityScope> {
  const cache = membershipCacheFor(deps);
  const channels = await privateSourceChannels(deps.db, teamId);
  const visible: string[] = [];
  for (const channelId of channels) {
    if (await cache.isMember(client, channelId, userId)) visible.push(channelId);
  }
  return { teamId, privateChannelIds: visible };
}

/** Whether `userId` may see this one entry (and it is live). */
export async function canSeeEntry(
  deps: Deps,
  client: webApi.WebClient,
  entry: KnowledgeEntryRow,
  userId: string,
): Promise<boolean> {
  if (entry.retired_at !== null) return false;
  if (entry.visibility === 'public') return true;
  return membershipCacheFor(deps).isMember(client, entry.source_channel_id, userId);
}

/**
 * Whether an entry may be posted in `channelId`: public entries anywhere; a private entry only back in its own
 * source channel (anywhere else, some reader may not be a member of the source).
 */
export function mayShareIn(entry: KnowledgeEntryRow, channelId: string): boolean {
  return entry.visibility === 'public' || entry.source_channel_id === channelId;
}
