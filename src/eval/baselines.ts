import type { PastAnswer, ReplayState } from './replay-state.js';
import type { SiteQuestion } from './site.js';

const DAY_MS = 86_400_000;

/** What a baseline sees of one test question: the question, the pool and the replay state before it. */
export interface BaselineContext {
  question: SiteQuestion;
  pool: readonly string[];
  state: ReplayState;
  /** Member → declared expertise (top-5 earned tags), as handed to the router. */
  declared: ReadonlyMap<string, readonly string[]>;
}

/** A baseline: a score per pool member (same order as the pool); ties are broken by the caller. */
export type Baseline = (context: BaselineContext) => number[];

function answersOf(context: BaselineContext, memberId: string): readonly PastAnswer[] {
  return context.state.history.get(memberId) ?? [];
}

function decay(ageMs: number, halfLifeDays: number): number {
  return 0.5 ** (ageMs / DAY_MS / halfLifeDays);
}

/** All-time answer count. */
const activity: Baseline = (context) => context.pool.map((member) => answersOf(context, member).length);

/** Σ 0.5^(age_days/30) over earlier answers. */
const recentActivity: Baseline = (context) => {
  const now = context.question.createdAt.getTime();
  return context.pool.map((member) =>
    answersOf(context, member).reduce((sum, answer) => sum + decay(now - answer.at, 30), 0),
  );
};

/** Binary overlap of the question's tags with the member's top-5 tags: the naive tag bot. */
const declaredTop5: Baseline = (context) =>
  context.pool.map((member) => {
    const declared = new Set(context.declared.get(member) ?? []);
    return context.question.tags.filter((tag) => declared.has(tag)).length;
  });

function tagWeighted(context: BaselineContext, weigh: (answer: PastAnswer) => number): number[] {
  const tags = new Set(context.question.tags);
  return context.pool.map((member) => {
    let total = 0;
    for (const answer of answersOf(context, member)) {
      for (const tag of answer.tags) if (tags.has(tag)) total += weigh(answer);
    }
    return total;
  });
}

/** Σ over question tags of the member's earlier answers with that tag. */
const tagCount: Baseline = (context) => tagWeighted(context, () => 1);

/** tag-count with each answer weighted 0.5^(age_days/90). */
const tagRecency: Baseline = (context) => {
  const now = context.question.createdAt.getTime();
  return tagWeighted(context, (answer) => decay(now - answer.at, 90));
};

/** BM25 of the question against the text of the questions each member answered. */
const bm25: Baseline = (context) => {
  const scores = context.state.baselineText.scores(context.question.text);
  return context.pool.map((member) => scores.get(member) ?? 0);
};

function normaliseByMax(values: number[]): number[] {
  const max = Math.max(0, ...values);
  return values.map((value) => (max > 0 ? value / max : 0));
}

/** tag-recency/max + recent-activity/max. */
const tagRecencyPlusRecent: Baseline = (context) => {
  const tags = normaliseByMax(tagRecency(context));
  const recent = normaliseByMax(recentActivity(context));
  return tags.map((value, index) => value + recent[index]!);
};

/** The baselines of routing-eval.md under their exact names (random is analytic and handled by the caller). */
export const BASELINES: ReadonlyArray<readonly [string, Baseline]> = [
  ['activity', activity],
  ['recent-activity', recentActivity],
  ['declared-top5', declaredTop5],
  ['tag-count', tagCount],
  ['tag-recency', tagRecency],
  ['BM25', bm25],
  ['tagrec+recent', tagRecencyPlusRecent],
];
