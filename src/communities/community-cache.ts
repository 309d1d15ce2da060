import type { Deps } from '../deps.js';
import { type CommunityRow, findCommunityByChannel } from './community.repository.js';

/** How long a channel's community (or its absence) is trusted on the event hot path. */
const TTL_MS = 15_000;

type Entry = { community: (CommunityRow & { channel_is_private: boolean }) | null; expires: number };

/**
 * Which community a channel belongs to, cached briefly for the Events API hot path (every message and reaction asks).
 * Commands and actions look it up fresh; setup and settings changes in this process forget the channel at once, and
 * other processes catch up within the TTL. One per Deps, like the membership cache: never a module singleton.
 */
export class ChannelCommunityCache {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly now: () => Date) {}

  async get(deps: Pick<Deps, 'db'>, channelId: string): Promise<Entry['community']> {
    const cached = this.#entries.get(channelId);
    if (cached && cached.expires > this.now().getTime()) return cached.community;
    const community = (await findCommunityByChannel(deps.db, channelId)) ?? null;
    this.#entries.set(channelId, { community, expires: this.now().getTime() + TTL_MS });
    return community;
  }

  forget(channelId?: string): void {
    if (channelId) this.#entries.delete(channelId);
    else this.#entries.clear();
  }
}

const caches = new WeakMap<object, ChannelCommunityCache>();

/** The cache belonging to these deps (created on first use). */
export function communityCacheFor(deps: Pick<Deps, 'now'>): ChannelCommunityCache {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new ChannelCommunityCache(deps.now);
    caches.set(deps, cache);
  }
  return cache;
}
