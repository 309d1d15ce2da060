import type { Deps } from '../deps.js';
import type { EarnedExpertise } from '../routing/routing.js';
import type { TextDocument } from '../routing/text-index.js';

/**
 * Everything the router reads about one member beside their `member` row: what their answers earned, the questions
 * they answered (for the text index), declared tags and penalties, and their routing load. Built by
 * PostgresRoutingSource from the member's rows in `answer`, `expertise`, `routing` and `question`.
 */
export interface MemberProfile {
  /** The member's `member_routing_version` when it was read (see migration 2026_11_29_16_00_00). */
  version: number;
  /** The ask time it was built for (ms): `recentRoutings` starts a week before it, so it serves no earlier one. */
  builtAt: number;
  earned: EarnedExpertise;
  /** The answered questions' titles as a text-index document (term counts), added to each route's index as is. */
  text: TextDocument;
  /** Time (ms) of the oldest answer it was built from; null when there was none. */
  oldestAnswerAt: number | null;
  declaredTags: string[];
  /** "Not my area": tag → penalty in [0, 1]. */
  tagPenalties: Record<string, number>;
  /** Pending routings on questions still open or answered (not solved or closed). */
  openRoutedCount: number;
  lastRoutedAt: Date | null;
  /** Times (ms) of the routings from a week before it was built on: enough to count "routed this week" later. */
  recentRoutings: readonly number[];
}

/**
 * Member profiles the worker keeps between routings. Rebuilding ~1,000 candidates' profiles on every /ask — four
 * tables joined per member, then parsed and aggregated in Node — was most of a route's cost. A profile is reused
 * while the member's `member_routing_version` is the one it was built at (triggers change it on every write to what
 * it was built from) and none of the answers it was built from has left the history window since; decaying sums
 * carry their own time ({ value, asOf }) and routing times are counted against the week at use, so a reused profile
 * gives exactly the features a fresh read would. Bounded: the least recently used go first, across workspaces.
 */
export class MemberProfileCache {
  /**
   * Workspace → member → profile and when it was last used (a logical clock). Nested rather than keyed by
   * "team:member", which cost a string per look-up. A use only stamps the entry: moving it to the end of its Map (to
   * keep the Map in use order) cost more than the rest of a route's look-ups, since every delete leaves a hole that
   * V8 compacts by rehashing the whole Map; the order is worked out when something has to go instead (#evict).
   */
  readonly #profiles = new Map<string, Map<string, { profile: MemberProfile; usedAt: number }>>();
  readonly #warmed = new Set<string>();
  #size = 0;
  #clock = 0;

  constructor(private readonly maxProfiles = 50_000) {}

  /**
   * The member's profile if it was built at `version`, for an ask time no later than `askedAt`, and still covers
   * every answer since `historySince`.
   */
  get(teamId: string, memberId: string, version: number, askedAt: Date, historySince: Date): MemberProfile | undefined {
    const entry = this.#profiles.get(teamId)?.get(memberId);
    if (!entry) return undefined;
    const { profile } = entry;
    if (profile.version !== version || profile.builtAt > askedAt.getTime()) return undefined;
    // An answer it counted has left the window: the features would still count it.
    if (profile.oldestAnswerAt !== null && profile.oldestAnswerAt < historySince.getTime()) return undefined;
    entry.usedAt = ++this.#clock;
    return profile;
  }

  set(teamId: string, memberId: string, profile: MemberProfile): void {
    if (this.maxProfiles === 0) return;
    let team = this.#profiles.get(teamId);
    if (!team) {
      team = new Map();
      this.#profiles.set(teamId, team);
    }
    const entry = team.get(memberId);
    if (entry) {
      entry.profile = profile;
      entry.usedAt = ++this.#clock;
      return;
    }
    team.set(memberId, { profile, usedAt: ++this.#clock });
    this.#size += 1;
    if (this.#size > this.maxProfiles) this.#evict();
  }

  /**
   * Drops the least recently used profiles of all workspaces, down to the bound less a sixteenth of it, so that the
   * sort this takes is paid once per many insertions rather than on each (a bound under 16 drops exactly one).
   */
  #evict(): void {
    const target = this.maxProfiles - Math.floor(this.maxProfiles / 16);
    const entries: Array<{ team: Map<string, { usedAt: number }>; memberId: string; usedAt: number }> = [];
    for (const team of this.#profiles.values()) {
      for (const [memberId, { usedAt }] of team) entries.push({ team, memberId, usedAt });
    }
    entries.sort((a, b) => a.usedAt - b.usedAt);
    for (const { team, memberId } of entries.slice(0, this.#size - target)) {
      team.delete(memberId);
      this.#size -= 1;
    }
  }

  /** True the first time it is asked for a workspace: the caller then warms its profiles (warmProfiles). */
  claimWarming(teamId: string): boolean {
    if (this.maxProfiles === 0 || this.#warmed.has(teamId)) return false; // nothing would be kept
    this.#warmed.add(teamId);
    return true;
  }

  get size(): number {
    return this.#size;
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
