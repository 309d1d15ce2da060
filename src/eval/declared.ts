import type { EarnedExpertise } from '../routing/routing.js';

/** How many tags the replay "declares" for a member: the protocol's top-5. */
export const DECLARED_TAG_COUNT = 5;

/**
 * The replay's stand-in for `/expertise`: a member's most-answered tags so far (ties: the more recent, then by name),
 * so the router's real declared-tag matching runs on realistic input.
 */
export function topEarnedTags(earned: EarnedExpertise, count = DECLARED_TAG_COUNT): string[] {
  return Object.entries(earned.tags)
    .sort(
      ([tagA, a], [tagB, b]) =>
        b.answers - a.answers ||
        b.lastAnsweredAt.getTime() - a.lastAnsweredAt.getTime() ||
        (tagA < tagB ? -1 : tagA > tagB ? 1 : 0),
    )
    .slice(0, count)
    .map(([tag]) => tag);
}
