import type { RankerModel } from '../routing/model.js';
import type { RoutingParams } from '../routing/params.js';
import type { CandidateFeatures, RoutingQuestion } from '../routing/routing.js';
import { rankCandidates, rankingFeatures } from '../routing/score.js';
import { RankerTrainer } from '../routing/training.js';
import { BASELINES, type BaselineContext } from './baselines.js';
import { topEarnedTags } from './declared.js';
import { metricsFromGoldRanks, type QuestionMetrics, randomExpectedMetrics } from './metrics.js';
import { ReplayState } from './replay-state.js';
import { ROUTED_PER_QUESTION, SimulatedLoad } from './simulated-load.js';
import type { Site, SiteAnswer, SiteQuestion } from './site.js';

/** Share of the time-sorted questions used only to warm profiles up (protocol step 2). */
export const WARM_UP_SHARE = 0.6;

/** The metrics of every method on one test question, per gold definition (null = gold not in the pool). */
export interface QuestionResult {
  questionId: string;
  any: Record<string, QuestionMetrics> | null;
  accepted: Record<string, QuestionMetrics> | null;
}

/** One site's replay. */
export interface SiteRun {
  name: string;
  testQuestions: number;
  results: QuestionResult[];
}

/** Options of a replay. */
export interface ReplayOptions {
  params?: RoutingParams;
  /** Replay only the first N test questions (fast checks). */
  maxTestQuestions?: number;
}

/** Orders member ids by score (desc), then all-time answer count (desc), then id: the protocol's tie-break. */
function rankByScore(
  pool: readonly string[],
  scores: readonly number[],
  answerCount: (id: string) => number,
): string[] {
  return pool
    .map((memberId, index) => ({ memberId, score: scores[index]!, answers: answerCount(memberId) }))
    .sort((a, b) => b.score - a.score || b.answers - a.answers || (a.memberId < b.memberId ? -1 : 1))
    .map((entry) => entry.memberId);
}

/** Metrics of every method for one gold set, or null when no gold member is in the pool. */
function scoreRankings(
  rankings: ReadonlyMap<string, readonly string[]>,
  pool: readonly string[],
  gold: ReadonlySet<string>,
): Record<string, QuestionMetrics> | null {
  const goldInPool = pool.filter((memberId) => gold.has(memberId));
  if (goldInPool.length === 0) return null;
  const metrics: Record<string, QuestionMetrics> = { random: randomExpectedMetrics(pool.length, goldInPool.length) };
  for (const [method, ranking] of rankings) {
    const ranks = ranking.flatMap((memberId, index) => (gold.has(memberId) ? [index + 1] : []));
    metrics[method] = metricsFromGoldRanks(ranks);
  }
  return metrics;
}

/**
 * The test questions: the last 40% by creation time that got at least one answer from someone other than the asker
 * (a self-answer is not a routing outcome; this is what the reference counts of routing-eval.md use).
 */
export function testQuestionsOf(site: Site): SiteQuestion[] {
  const sorted = [...site.questions].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const askers = new Map(site.questions.map((question) => [question.id, question.askerId]));
  const answered = new Set(
    site.answers
      .filter((answer) => answer.answererId !== askers.get(answer.questionId))
      .map((answer) => answer.questionId),
  );
  return sorted.slice(Math.floor(sorted.length * WARM_UP_SHARE)).filter((question) => answered.has(question.id));
}

/**
 * Replays one site with the online-40/≥3 protocol and scores every method on each test question. Every question,
 * warm-up included, is also snapshotted for the learned ranker at its ask time; the router ranks each test question
 * with the model fitted on the questions whose answers were known before it (RankerTrainer).
 */
export function replaySite(site: Site, options: ReplayOptions = {}): SiteRun {
  const state = new ReplayState(site, options.params);
  const load = new SimulatedLoad();
  const trainer = new RankerTrainer();
  const tests = testQuestionsOf(site).slice(0, options.maxTestQuestions);
  const testIds = new Set(tests.map((question) => question.id));
  const answerers = new Map<string, Set<string>>();
  const answersTo = new Map<string, SiteAnswer[]>();
  const answerOwner = new Map<string, string>();
  for (const answer of site.answers) {
    answerers.set(answer.questionId, (answerers.get(answer.questionId) ?? new Set()).add(answer.answererId));
    answersTo.set(answer.questionId, [...(answersTo.get(answer.questionId) ?? []), answer]);
    answerOwner.set(answer.id, answer.answererId);
  }
  const lastTest = tests.at(-1)?.createdAt.getTime() ?? Number.NEGATIVE_INFINITY;
  const results: QuestionResult[] = [];
  for (const question of timeOrdered(site.questions)) {
    const now = question.createdAt.getTime();
    if (now > lastTest) break;
    state.advanceTo(now);
    const candidates = state.source.candidatesNow().filter((member) => member.memberId !== question.askerId);
    declareTopTags(state, candidates);
    const routingQuestion = toRoutingQuestion(question);
    const snapshot = rankingFeatures(routingQuestion, candidates, {
      now: question.createdAt,
      textIndex: state.source.textSimilarity(),
      params: options.params,
    });
    // Labels are the question's answers; the trainer only uses those written before the moment it trains at.
    const model = testIds.has(question.id) ? trainer.modelAt(question.createdAt) : null;
    trainer.observe(question.id, question.createdAt, snapshot.memberIds, snapshot.vectors);
    for (const answer of answersTo.get(question.id) ?? []) {
      trainer.recordAnswer(question.id, answer.answererId, answer.createdAt);
    }
    if (!testIds.has(question.id)) continue;
    const pool = candidates.map((member) => member.memberId);
    const rankings = rankAll(question, candidates, state, load, options.params, model);
    load.record(rankings.get('router_balanced')!.slice(0, ROUTED_PER_QUESTION), question.id, now);
    const acceptedOwner = question.acceptedAnswerId === null ? undefined : answerOwner.get(question.acceptedAnswerId);
    results.push({
      questionId: question.id,
      any: scoreRankings(rankings, pool, answerers.get(question.id) ?? new Set()),
      accepted: acceptedOwner === undefined ? null : scoreRankings(rankings, pool, new Set([acceptedOwner])),
    });
  }
  return { name: site.name, testQuestions: tests.length, results };
}

function timeOrdered(questions: readonly SiteQuestion[]): SiteQuestion[] {
  return [...questions].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** The replay's stand-in for `/expertise`: each pool member declares their current top-5 answered tags. */
function declareTopTags(state: ReplayState, candidates: readonly CandidateFeatures[]): void {
  for (const member of candidates)
    state.source.updateMember(member.memberId, { declaredTags: topEarnedTags(member.earned) });
}

function toRoutingQuestion(question: SiteQuestion): RoutingQuestion {
  return { askerId: question.askerId ?? '', tags: question.tags, text: question.text, askedAt: question.createdAt };
}

/** Every method's full ranking of the pool for one test question. */
function rankAll(
  question: SiteQuestion,
  candidates: readonly CandidateFeatures[],
  state: ReplayState,
  load: SimulatedLoad,
  params: RoutingParams | undefined,
  model: RankerModel | null,
): Map<string, string[]> {
  const now = question.createdAt.getTime();
  const declared = new Map<string, string[]>();
  for (const member of candidates) {
    declared.set(member.memberId, member.declaredTags);
    state.source.updateMember(member.memberId, load.loadOf(member.memberId, now, state.answeredBy));
  }
  const pool = candidates.map((member) => member.memberId);
  const answerCount = (memberId: string) => state.history.get(memberId)?.length ?? 0;
  const context: BaselineContext = { question, pool, state, declared };
  const rankings = new Map<string, string[]>();
  for (const [name, baseline] of BASELINES) rankings.set(name, rankByScore(pool, baseline(context), answerCount));
  const textIndex = state.source.textSimilarity();
  for (const [name, balanced] of [
    ['router', false],
    ['router_balanced', true],
  ] as const) {
    const ranked = rankCandidates(toRoutingQuestion(question), candidates, {
      now: question.createdAt,
      k: candidates.length,
      balanced,
      textIndex,
      params,
      model,
    });
    rankings.set(
      name,
      ranked.map((entry) => entry.memberId),
    );
  }
  return rankings;
}
