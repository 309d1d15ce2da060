import { ageInDays } from './decay.js';
import type { RoutingReason, TagExpertise } from './routing.js';
import type { ScoredCandidate } from './score.js';
import { declaredQueryTags, earnedOnTag, type TagQuery } from './signals.js';
import type { TextSimilarity } from './text-index.js';

/** "today", "yesterday", "3 days ago", "2 weeks ago", "4 months ago". */
export function describeAge(then: Date, now: Date): string {
  const days = Math.floor(ageInDays(then, now));
  if (days < 1) return 'today';
  if (days < 2) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.floor(days / 7)} weeks ago`;
  return `${Math.floor(days / 30)} months ago`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function hashtags(tags: readonly string[]): string {
  return tags.map((tag) => `#${tag}`).join(', ');
}

/** The question tags the member has answered, with their combined history, best-known tag first. */
function tagAnswersReason(entry: ScoredCandidate, query: TagQuery, now: Date): Omit<RoutingReason, 'weight'> | null {
  const known: Array<{ tag: string; answers: number; last: Date }> = [];
  for (const tag of query.tags) {
    const found: TagExpertise[] = earnedOnTag(entry.candidate, query, tag);
    if (found.length === 0) continue;
    const answers = found.reduce((sum, expertise) => sum + expertise.answers, 0);
    const last = new Date(Math.max(...found.map((expertise) => expertise.lastAnsweredAt.getTime())));
    known.push({ tag, answers, last });
  }
  if (known.length === 0) return null;
  known.sort((a, b) => b.answers - a.answers);
  const best = known[0]!;
  return {
    kind: 'tag-answers',
    tags: known.map((item) => item.tag),
    count: best.answers,
    text: `You've answered ${plural(best.answers, `#${best.tag} question`)}, most recently ${describeAge(best.last, now)}.`,
  };
}

/**
 * The reasons behind a pick, strongest signal first, each with a sentence for the DM. Signals that contributed
 * nothing are left out; a candidate with no evidence at all gets no reasons (the caller decides whether to ask them).
 */
export function explainPick(
  entry: ScoredCandidate,
  query: TagQuery,
  now: Date,
  textIndex: TextSimilarity | undefined,
): RoutingReason[] {
  const { parts, candidate } = entry;
  const total = parts.activity + parts.tags + parts.text + parts.declared;
  if (total <= 0) return [];
  const reasons: RoutingReason[] = [];
  const tagReason = parts.tags > 0 ? tagAnswersReason(entry, query, now) : null;
  if (tagReason !== null) reasons.push({ ...tagReason, weight: parts.tags / total });
  if (parts.text > 0) {
    const size = textIndex?.profileSize(candidate.memberId) ?? 0;
    reasons.push({
      kind: 'similar-questions',
      weight: parts.text / total,
      tags: [],
      count: size,
      text: `It reads like questions you've answered before (you've answered ${plural(size, 'question')} here).`,
    });
  }
  if (parts.declared > 0) {
    const matched = declaredQueryTags(candidate, query);
    reasons.push({
      kind: 'declared',
      weight: parts.declared / total,
      tags: matched,
      count: 0,
      text: `You listed ${hashtags(matched)} in your expertise.`,
    });
  }
  const last = candidate.earned.lastAnsweredAt;
  if (parts.activity > 0 && last !== null) {
    reasons.push({
      kind: 'recently-active',
      weight: parts.activity / total,
      tags: [],
      count: candidate.earned.answerCount,
      text: `You've been answering questions lately (the last one ${describeAge(last, now)}).`,
    });
  }
  return reasons.sort((a, b) => b.weight - a.weight);
}
