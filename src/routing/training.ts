import { MIN_TRAINING_QUESTIONS, type RankerModel, type RankingExample, trainRanker } from './model.js';

interface Snapshot {
  askedAt: number;
  memberIds: string[];
  vectors: number[][];
  /** Member → when they answered this question (earliest). */
  answeredAt: Map<string, number>;
}

/**
 * Learns a community's ranker from its own history, prequentially: each question's pool is snapshotted with the
 * features it had *when it was asked* (`observe`), answers arrive later (`recordAnswer`), and `train(now)` fits on
 * every snapshot whose answers were known before `now` — never anything from the future of the question being
 * ranked. A production job feeds it the same way from the stored history (see docs/routing.md).
 */
export class RankerTrainer {
  readonly #snapshots = new Map<string, Snapshot>();
  #model: RankerModel | null = null;
  #trainedWith = 0;

  /**
   * @param retrainEvery Refit only after this many newly labelled questions: the model moves slowly, and
   *   each fit is a few Newton steps over the whole history.
   */
  constructor(private readonly retrainEvery = 5) {}

  /** Stores a question's pool and feature vectors as of its ask time. */
  observe(questionId: string, askedAt: Date, memberIds: readonly string[], vectors: readonly number[][]): void {
    this.#snapshots.set(questionId, {
      askedAt: askedAt.getTime(),
      memberIds: [...memberIds],
      vectors: vectors.map((vector) => [...vector]),
      answeredAt: this.#snapshots.get(questionId)?.answeredAt ?? new Map(),
    });
  }

  /** Records that `memberId` answered `questionId` at `at` (answers to unobserved questions are ignored). */
  recordAnswer(questionId: string, memberId: string, at: Date): void {
    const snapshot = this.#snapshots.get(questionId);
    if (snapshot === undefined) return;
    const earlier = snapshot.answeredAt.get(memberId);
    if (earlier === undefined || at.getTime() < earlier) snapshot.answeredAt.set(memberId, at.getTime());
  }

  /** The labelled examples known at `now`: questions asked before it with a pool member's answer before it. */
  examplesAt(now: Date): RankingExample[] {
    const examples: RankingExample[] = [];
    for (const snapshot of this.#snapshots.values()) {
      if (snapshot.askedAt >= now.getTime()) continue;
      const relevant = snapshot.memberIds.map((memberId) => {
        const at = snapshot.answeredAt.get(memberId);
        return at !== undefined && at < now.getTime();
      });
      if (relevant.some(Boolean)) examples.push({ vectors: snapshot.vectors, relevant });
    }
    return examples;
  }

  /**
   * The model to rank with at `now`: refit (warm-started) when enough new labelled questions arrived; null while the
   * community has fewer than MIN_TRAINING_QUESTIONS labelled questions (the caller keeps the hand-set blend).
   */
  modelAt(now: Date): RankerModel | null {
    const examples = this.examplesAt(now);
    if (examples.length < MIN_TRAINING_QUESTIONS) return null;
    if (this.#model === null || examples.length - this.#trainedWith >= this.retrainEvery) {
      this.#model = trainRanker(examples, { init: this.#model ?? undefined });
      this.#trainedWith = examples.length;
    }
    return this.#model;
  }
}
