import type { Deps } from '../deps.js';
import type { EarnedExpertise } from '../routing/routing.js';

/** What the live routing path builds from one member's answers: their earned expertise and answered questions' tokens. */
export interface MemberProfile {
  /** Fingerprint of the answers it was built from (see PostgresRoutingSource: count, ids, acceptances, questions). */
  version: string;
  earned: EarnedExpertise;
  /** Tokens of each answered question's title, for the per-question text index. */
  answeredTokens: ReadonlyArray<readonly string[]>;
}

/**
 * Member profiles the worker keeps between routings. Building ~1,000 candidates' profiles from ~5,000 answer rows on
 * every /ask was most of its cost (row parsing, garbage collection, re-aggregating); a profile depends only on the
 * member's answers in the history window, so it is reused while their fingerprint is unchanged and rebuilt as soon as
 * an answer is added, deleted, accepted or ages out. Decaying sums are stored with their time ({ value, asOf }), so a
 * profile built yesterday scores exactly like one built now. Bounded: the oldest entries go first.
 */
export class MemberProfileCache {
  readonly #profiles = new Map<string, MemberProfile>();

  constructor(private readonly maxProfiles = 50_000) {}

  /** The member's profile if it was built from the answers `version` describes. */
  get(teamId: string, memberId: string, version: string): MemberProfile | undefined {
    const profile = this.#profiles.get(`${teamId}:${memberId}`);
    return profile?.version === version ? profile : undefined;
  }

  set(teamId: string, memberId: string, profile: MemberProfile): void {
    const key = `${teamId}:${memberId}`;
    this.#profiles.delete(key); // re-inserted last, so eviction takes the least recently built
    this.#profiles.set(key, profile);
    if (this.#profiles.size > this.maxProfiles) {
      const oldest = this.#profiles.keys().next().value;
      if (oldest !== undefined) this.#profiles.delete(oldest);
    }
  }

  get size(): number {
    return this.#profiles.size;
  }
}

const caches = new WeakMap<Deps, MemberProfileCache>();

/** The process's profile cache for these deps (one per worker; tests get their own with their own deps). */
export function memberProfileCacheFor(deps: Deps): MemberProfileCache {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new MemberProfileCache();
    caches.set(deps, cache);
  }
  return cache;
}
