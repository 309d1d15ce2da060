import { decayedValue } from './decay.js';
import type { RoutingParams } from './params.js';
import type { CandidateFeatures, TagExpertise } from './routing.js';
import { canonicalTag } from './tags.js';

/** The question side of tag matching, resolved once per question. */
export interface TagQuery {
  /** Canonical question tags. */
  tags: string[];
  /** For each canonical tag, every spelling that maps to it (itself and its synonyms). */
  aliases: Map<string, string[]>;
  synonyms: Record<string, string> | undefined;
}

/** Resolves the question's tags and the spellings that count as each of them. */
export function buildTagQuery(canonical: string[], synonyms: Record<string, string> | undefined): TagQuery {
  const aliases = new Map<string, string[]>(canonical.map((tag) => [tag, [tag]]));
  for (const [synonym, target] of Object.entries(synonyms ?? {})) {
    const spellings = aliases.get(canonicalTag(target, undefined));
    if (spellings !== undefined && !spellings.includes(synonym)) spellings.push(synonym);
  }
  return { tags: canonical, aliases, synonyms };
}

/** A member's earned expertise on a canonical tag, summed over its spellings. Undefined when they have none. */
export function earnedOnTag(candidate: CandidateFeatures, query: TagQuery, tag: string): TagExpertise[] {
  const found: TagExpertise[] = [];
  for (const spelling of query.aliases.get(tag) ?? [tag]) {
    const expertise = candidate.earned.tags[spelling];
    if (expertise !== undefined) found.push(expertise);
  }
  return found;
}

/**
 * A member's recency-weighted (accepted-boosted) answers on each question tag, in `query.tags` order, computed once
 * per candidate so idf and the tag signal share the lookups.
 */
export function tagValues(candidate: CandidateFeatures, query: TagQuery, now: Date, params: RoutingParams): number[] {
  // Plain loops: called for every candidate of every route, and a closure per call was most of its garbage.
  const values = new Array<number>(query.tags.length);
  for (let index = 0; index < query.tags.length; index += 1) {
    const tag = query.tags[index] as string;
    let value = 0;
    for (const spelling of query.aliases.get(tag) ?? [tag]) {
      const expertise = candidate.earned.tags[spelling];
      if (expertise !== undefined) value += decayedValue(expertise.recent, now, params.tagHalfLifeDays);
    }
    values[index] = value;
  }
  return values;
}

/**
 * Inverse "document" frequency of each question tag over the candidate pool: a tag only a few members have answered
 * says more about who knows it than a tag everybody answers. log(1 + N / (1 + n_t)).
 */
export function tagIdf(valuesPerCandidate: readonly number[][], tagCount: number): number[] {
  const holders = new Array<number>(tagCount).fill(0);
  for (let candidate = 0; candidate < valuesPerCandidate.length; candidate += 1) {
    const values = valuesPerCandidate[candidate] as number[];
    for (let index = 0; index < tagCount; index += 1) if ((values[index] as number) > 0) holders[index]! += 1;
  }
  return holders.map((count) => Math.log(1 + valuesPerCandidate.length / (1 + count)));
}

/** Earned topical expertise: Σ over question tags of idf × the member's recency-weighted answers on the tag. */
export function tagSignal(values: readonly number[], idf: readonly number[]): number {
  let total = 0;
  for (let index = 0; index < values.length; index += 1) total += idf[index]! * values[index]!;
  return total;
}

/** "Is answering these days": answers decayed with the activity half-life. */
export function activitySignal(candidate: CandidateFeatures, now: Date, params: RoutingParams): number {
  return decayedValue(candidate.earned.recentAnswers, now, params.activityHalfLifeDays);
}

/** Declared expertise: the share of the question's tags the member declared (synonyms resolved). */
export function declaredSignal(candidate: CandidateFeatures, query: TagQuery): number {
  if (query.tags.length === 0 || candidate.declaredTags.length === 0) return 0;
  // Counts what declaredQueryTags lists, without its two arrays per candidate.
  let declared = 0;
  for (const tag of query.tags) {
    for (const own of candidate.declaredTags) {
      if (canonicalTag(own, query.synonyms) === tag) {
        declared += 1;
        break;
      }
    }
  }
  return declared / query.tags.length;
}

/** The question's (canonical) tags the member declared, in the question's order. */
export function declaredQueryTags(candidate: CandidateFeatures, query: TagQuery): string[] {
  // A handful of tags on each side: an array scan, not a Set per candidate.
  const declared = candidate.declaredTags.map((tag) => canonicalTag(tag, query.synonyms));
  return query.tags.filter((tag) => declared.includes(tag));
}

/** "Not my area": the factor that keeps (1 − penalty) of the score for each question tag the member turned down. */
export function penaltyFactor(candidate: CandidateFeatures, query: TagQuery): number {
  let factor = 1;
  // for…in rather than Object.keys: no array per candidate, and most members have turned nothing down.
  for (const tag in candidate.tagPenalties) {
    if (!Object.hasOwn(candidate.tagPenalties, tag)) continue;
    const penalty = candidate.tagPenalties[tag] as number;
    if (query.tags.includes(canonicalTag(tag, query.synonyms))) factor *= 1 - Math.min(1, Math.max(0, penalty));
  }
  return factor;
}
