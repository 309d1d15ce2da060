/**
 * Spaces messages to the same channel: Slack allows about one message per second per channel, and a coordinator
 * of several communities gets several digests in one DM at the same fire time. Per process; across processes the
 * Web API client's rate-limit handling (it waits on 429 Retry-After) is the backstop.
 */
export interface ChannelThrottle {
  /** Resolves when a message may be posted to `channel`, and books that slot. */
  wait(channel: string): Promise<void>;
}

export function createChannelThrottle(
  minIntervalMs = 1100,
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
): ChannelThrottle {
  const nextSlot = new Map<string, number>();
  return {
    async wait(channel) {
      const now = clock.now();
      const slot = Math.max(now, nextSlot.get(channel) ?? 0);
      // Book before sleeping so concurrent callers queue up behind each other instead of all waking together.
      nextSlot.set(channel, slot + minIntervalMs);
      if (slot > now) await clock.sleep(slot - now);
      if (nextSlot.size > 10_000) {
        for (const [key, at] of nextSlot) if (at < now) nextSlot.delete(key);
      }
    },
  };
}
