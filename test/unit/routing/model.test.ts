import { describe, expect, it } from '@jest/globals';
import { FEATURE_COUNT, FEATURE_NAMES } from '../../../src/routing/features.js';
import { MIN_TRAINING_QUESTIONS, modelLogits, type RankingExample, trainRanker } from '../../../src/routing/model.js';
import { rankCandidates, rankingFeatures } from '../../../src/routing/score.js';
import { RankerTrainer } from '../../../src/routing/training.js';
import { answer, candidate, NOW, question } from './fixtures.js';

const PACE_HOURS = FEATURE_NAMES.indexOf('paceHours');

/** A pool of `size` members with noise features; the answerer (index 0) is the one with the highest `signal` column. */
function example(seed: number, size = 6, signal = PACE_HOURS): RankingExample {
  const vectors = Array.from({ length: size }, (_, member) =>
    Array.from({ length: FEATURE_COUNT }, (_, j) => ((seed * 31 + member * 17 + j * 7) % 13) / 13),
  );
  vectors[0]![signal] = 2;
  return { vectors, relevant: vectors.map((_, member) => member === 0) };
}

describe('trainRanker', () => {
  it('learns which feature separates the answerers from the rest of their pool', () => {
    const model = trainRanker(Array.from({ length: 60 }, (_, seed) => example(seed)));
    expect(model.featureNames).toEqual([...FEATURE_NAMES]);
    expect(model.trainedOn).toBe(60);
    const logits = modelLogits(model, example(999).vectors);
    expect(logits.indexOf(Math.max(...logits))).toBe(0);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it('a warm start from a previous model converges to the same place', () => {
    const examples = Array.from({ length: 60 }, (_, seed) => example(seed));
    const cold = trainRanker(examples);
    const warm = trainRanker(examples, { init: trainRanker(examples.slice(0, 30)) });
    for (const [j, weight] of warm.weights.entries()) expect(weight).toBeCloseTo(cold.weights[j]!, 2);
  });
});

describe('RankerTrainer', () => {
  it('only learns from answers written before the moment it trains at, and needs enough history', () => {
    const trainer = new RankerTrainer();
    const start = NOW.getTime() - 1000 * 3_600_000;
    for (let index = 0; index < MIN_TRAINING_QUESTIONS + 10; index += 1) {
      const askedAt = new Date(start + index * 3_600_000);
      const { vectors } = example(index);
      trainer.observe(`q${index}`, askedAt, ['a', 'b', 'c', 'd', 'e', 'f'], vectors);
      trainer.recordAnswer(`q${index}`, 'a', new Date(askedAt.getTime() + 1_800_000));
    }
    const early = new Date(start + 20 * 3_600_000);
    expect(trainer.examplesAt(early)).toHaveLength(20);
    expect(trainer.modelAt(early)).toBeNull();
    expect(trainer.modelAt(NOW)?.trainedOn).toBe(MIN_TRAINING_QUESTIONS + 10);
  });
});

describe('rankCandidates with a learned model', () => {
  it('ranks by the model instead of the hand-set blend, and explains with the same reasons', () => {
    const prolific = candidate('prolific', [
      answer(['go'], 3),
      answer(['go'], 4),
      answer(['go'], 5),
      answer(['go'], 6),
    ]);
    const here = candidate('here', [answer(['rust'], 0.01)]);
    const members = [prolific, here];
    const q = question(['go']);
    expect(rankCandidates(q, members, { now: NOW, k: 2, balanced: false })[0]!.memberId).toBe('prolific');

    const { vectors } = rankingFeatures(q, members, { now: NOW });
    const weights = new Array<number>(FEATURE_COUNT).fill(0);
    weights[PACE_HOURS] = 1;
    const model = {
      featureNames: [...FEATURE_NAMES],
      mean: vectors[0]!.map(() => 0),
      scale: vectors[0]!.map(() => 1),
      weights,
      trainedOn: 100,
    };
    const ranked = rankCandidates(q, members, { now: NOW, k: 2, balanced: false, model });
    expect(ranked.map((entry) => entry.memberId)).toEqual(['here', 'prolific']);
    expect(ranked[0]!.score).toBeCloseTo(1);
    expect(ranked[1]!.reasons.map((reason) => reason.kind)).toContain('tag-answers');
  });
});
