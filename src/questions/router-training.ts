import { findCommunityById, loadVocabulary } from '../communities/community.repository.js';
import type { Deps } from '../deps.js';
import type { RoutingQuestion } from '../routing/routing.js';
import { rankingFeatures } from '../routing/score.js';
import { RankerTrainer } from '../routing/training.js';
import { answersTo, deleteRouterModel, recentQuestions, saveRouterModel } from './router-training.repository.js';
import { PostgresRoutingSource } from './routing-source.repository.js';

/**
 * How many of a community's latest questions one training replays. Each costs one candidate query (the same /ask
 * runs), so this bounds the nightly job; older questions also describe an older community.
 */
export const MAX_TRAINING_QUESTIONS = 2_000;

/** What one training did. */
export type TrainingOutcome =
  | { status: 'skipped'; reason: 'no such community' | 'archived' }
  | { status: 'stored'; questions: number; trainedOn: number; ms: number }
  | { status: 'too-little-history'; questions: number; ms: number };

/**
 * Learns the community's ranker from its own history, the way the offline evaluation does (src/eval/replay.ts):
 * each of its last MAX_TRAINING_QUESTIONS questions, in ask order, gets its candidate pool and features *as of its
 * ask time* from PostgresRoutingSource (what /ask would have seen then), turned into vectors by rankingFeatures;
 * its answers become the labels. The model fitted on what is known at `now` replaces the stored one; below
 * MIN_TRAINING_QUESTIONS labelled questions any stored model is deleted and /ask keeps the hand-set blend.
 * Deterministic and a full rewrite of one row, so running it twice (a retried job) is harmless.
 */
export async function trainCommunityRouter(
  deps: Pick<Deps, 'db' | 'logger'>,
  communityId: number,
  now: Date,
): Promise<TrainingOutcome> {
  const started = performance.now();
  const community = await findCommunityById(deps.db, communityId);
  if (!community) return { status: 'skipped', reason: 'no such community' };
  if (community.archived_at) return { status: 'skipped', reason: 'archived' };

  const { synonyms } = await loadVocabulary(deps.db, communityId);
  const asked = await recentQuestions(deps.db, communityId, now, MAX_TRAINING_QUESTIONS);
  // channelMembers null: channel membership at a past ask time is unknown; today's would filter the past.
  const source = new PostgresRoutingSource(deps.db, { teamId: community.team_id, communityId, channelMembers: null });
  const trainer = new RankerTrainer();
  // One after another on purpose: the source keeps the text index of its last call, and a nightly job should not
  // take a whole connection pool away from /ask.
  for (const question of asked) {
    const routingQuestion: RoutingQuestion = {
      askerId: question.asker_id,
      tags: question.tags,
      text: `${question.title}\n${question.details}`, // what routeToExperts ranks on
      askedAt: question.asked_at,
      synonyms,
    };
    const candidates = await source.candidatesFor(routingQuestion);
    const snapshot = rankingFeatures(routingQuestion, candidates, {
      now: question.asked_at,
      textIndex: source.textSimilarity(),
    });
    trainer.observe(String(question.id), question.asked_at, snapshot.memberIds, snapshot.vectors);
  }
  const labels = await answersTo(
    deps.db,
    asked.map((question) => question.id),
    now,
  );
  for (const answer of labels) trainer.recordAnswer(String(answer.question_id), answer.user_id, answer.created_at);

  const model = trainer.modelAt(now);
  const ms = Math.round(performance.now() - started);
  const log = deps.logger.child({ module: 'router-training', communityId });
  if (model === null) {
    await deleteRouterModel(deps.db, communityId);
    log.info({ questions: asked.length, ms }, 'too little history to train the router; the blend ranks');
    return { status: 'too-little-history', questions: asked.length, ms };
  }
  await saveRouterModel(deps.db, communityId, model, now);
  log.info({ questions: asked.length, trainedOn: model.trainedOn, ms }, 'router trained');
  return { status: 'stored', questions: asked.length, trainedOn: model.trainedOn, ms };
}
