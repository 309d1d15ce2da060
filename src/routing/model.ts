import { FEATURE_NAMES } from './features.js';

/**
 * A learned ranker: a linear model over standardised features, trained as a per-question softmax ("conditional
 * logit") so that it learns what separates the members who answered from those who did not *within the same question*.
 * Plain JSON: a community's model can be stored in a table and loaded by the /ask path.
 */
export interface RankerModel {
  /** The feature order the weights refer to (FEATURE_NAMES at training time). */
  featureNames: string[];
  mean: number[];
  scale: number[];
  weights: number[];
  /** Questions with a known answerer it was trained on. */
  trainedOn: number;
}

/** One past question: each pool member's feature vector and whether they answered. */
export interface RankingExample {
  vectors: number[][];
  relevant: boolean[];
  /** Importance of the question (e.g. decaying with its age); 1 by default. */
  weight?: number;
}

/** Options of trainRanker. Fixed defaults: the same procedure runs in every community. */
export interface TrainOptions {
  /** L2 penalty on the standardised weights, in units of "questions" (it is not scaled by the data size). */
  l2?: number;
  /** Newton iterations at most (each solves the d×d system exactly; 5–8 converge from zero). */
  iterations?: number;
  /** Warm start (the previous model), so frequent retraining is cheap. */
  init?: RankerModel;
}

/**
 * A fixed prior strength: about ten questions' worth of evidence pulls each standardised weight towards 0. Young
 * communities have a few hundred labelled questions, so the data still decides; the replay is flat between 1 and 30.
 */
export const DEFAULT_L2 = 10;

/** Below this many questions with a known answerer, keep the hand-set blend (too little history to learn from). */
export const MIN_TRAINING_QUESTIONS = 50;

/** The model's score of each vector (a logit; only differences within a question matter). */
export function modelLogits(model: RankerModel, vectors: readonly number[][]): number[] {
  return vectors.map((vector) => {
    let logit = 0;
    for (let j = 0; j < model.weights.length; j += 1) {
      logit += (model.weights[j]! * (vector[j]! - model.mean[j]!)) / model.scale[j]!;
    }
    return logit;
  });
}

/**
 * Fits the conditional-logit ranker by Newton's method with an L2 prior: loss = Σ_q w_q · mean over the question's
 * answerers of −log softmax(answerer) + l2/2·|θ|². Convex, so the result does not depend on the start; Newton with
 * step halving needs no learning rate (nothing to tune per community).
 */
export function trainRanker(examples: readonly RankingExample[], options: TrainOptions = {}): RankerModel {
  const usable = examples.filter((example) => example.relevant.some(Boolean) && example.vectors.length > 1);
  const { mean, scale } = standardisation(usable);
  const d = mean.length;
  // Flat typed rows: training runs after every few questions, so it must not churn the garbage collector.
  const rows: Row[] = usable.map((example) => {
    const x = new Float64Array(example.vectors.length * d);
    example.vectors.forEach((vector, i) => {
      for (let j = 0; j < d; j += 1) x[i * d + j] = (vector[j]! - mean[j]!) / scale[j]!;
    });
    return { x, n: example.vectors.length, relevant: example.relevant, weight: example.weight ?? 1 };
  });
  const l2 = options.l2 ?? DEFAULT_L2;
  // A warm start carries the previous weights over to this data's standardisation (a shift of the mean is a
  // per-question constant, which the softmax ignores; only the scale matters).
  const init = options.init;
  let theta = init ? init.weights.map((w, j) => (w * scale[j]!) / init.scale[j]!) : new Array<number>(d).fill(0);
  let loss = lossGradientHessian(rows, theta, l2, false).loss;
  for (let iteration = 0; iteration < (options.iterations ?? 8); iteration += 1) {
    const { gradient, hessian } = lossGradientHessian(rows, theta, l2, true);
    const step = solveSymmetric(hessian!, gradient);
    let size = 1;
    let next = theta.map((value, j) => value - step[j]!);
    let nextLoss = lossGradientHessian(rows, next, l2, false).loss;
    while (nextLoss > loss && size > 1e-3) {
      size /= 2;
      next = theta.map((value, j) => value - size * step[j]!);
      nextLoss = lossGradientHessian(rows, next, l2, false).loss;
    }
    if (nextLoss > loss) break;
    const improvement = loss - nextLoss;
    theta = next;
    loss = nextLoss;
    if (improvement < 1e-6 * Math.max(1, loss)) break;
  }
  return { featureNames: [...FEATURE_NAMES], mean, scale, weights: theta, trainedOn: usable.length };
}

interface Row {
  /** n × d standardised features, row-major. */
  x: Float64Array;
  n: number;
  relevant: boolean[];
  weight: number;
}

function standardisation(examples: readonly RankingExample[]): { mean: number[]; scale: number[] } {
  const d = FEATURE_NAMES.length;
  const mean = new Array<number>(d).fill(0);
  const square = new Array<number>(d).fill(0);
  let count = 0;
  for (const example of examples) {
    for (const vector of example.vectors) {
      for (let j = 0; j < d; j += 1) {
        mean[j]! += vector[j]!;
        square[j]! += vector[j]! * vector[j]!;
      }
      count += 1;
    }
  }
  const n = Math.max(1, count);
  const scale = mean.map((sum, j) => Math.sqrt(Math.max(0, square[j]! / n - (sum / n) ** 2)) || 1);
  return { mean: mean.map((sum) => sum / n), scale };
}

function lossGradientHessian(rows: readonly Row[], theta: readonly number[], l2: number, withDerivatives: boolean) {
  const d = theta.length;
  let loss = (l2 / 2) * theta.reduce((sum, value) => sum + value * value, 0);
  const gradient = theta.map((value) => l2 * value);
  const hessian = withDerivatives
    ? Array.from({ length: d }, (_, a) => Array.from({ length: d }, (_, b) => (a === b ? l2 : 0)))
    : null;
  const expected = new Float64Array(d);
  const centred = new Float64Array(d);
  for (const { x, n, relevant, weight } of rows) {
    const logits = new Float64Array(n);
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i += 1) {
      let logit = 0;
      for (let j = 0; j < d; j += 1) logit += x[i * d + j]! * theta[j]!;
      logits[i] = logit;
      if (logit > max) max = logit;
    }
    let total = 0;
    for (let i = 0; i < n; i += 1) total += Math.exp(logits[i]! - max);
    const logTotal = max + Math.log(total);
    const golds = relevant.filter(Boolean).length;
    for (let i = 0; i < n; i += 1) if (relevant[i]) loss += (weight * (logTotal - logits[i]!)) / golds;
    if (hessian === null) continue;
    expected.fill(0);
    for (let i = 0; i < n; i += 1) {
      const p = Math.exp(logits[i]! - logTotal);
      const goldShare = relevant[i] ? weight / golds : 0;
      for (let j = 0; j < d; j += 1) {
        expected[j]! += p * x[i * d + j]!;
        gradient[j]! -= goldShare * x[i * d + j]!;
      }
    }
    for (let j = 0; j < d; j += 1) gradient[j]! += weight * expected[j]!;
    // Hessian of the log-partition: the covariance of x under the softmax.
    for (let i = 0; i < n; i += 1) {
      const p = Math.exp(logits[i]! - logTotal);
      if (p < 1e-12) continue;
      for (let j = 0; j < d; j += 1) centred[j] = x[i * d + j]! - expected[j]!;
      for (let a = 0; a < d; a += 1) {
        const pa = weight * p * centred[a]!;
        const row = hessian[a]!;
        for (let b = a; b < d; b += 1) row[b]! += pa * centred[b]!;
      }
    }
  }
  if (hessian) for (let a = 0; a < d; a += 1) for (let b = 0; b < a; b += 1) hessian[a]![b] = hessian[b]![a]!;
  return { loss, gradient, hessian };
}

/** Solves H·s = g for a symmetric positive-definite H (Cholesky). */
function solveSymmetric(h: number[][], g: readonly number[]): number[] {
  const n = g.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = h[i]![j]!;
      for (let k = 0; k < j; k += 1) sum -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j]![j]!;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i += 1) {
    let sum = g[i]!;
    for (let k = 0; k < i; k += 1) sum -= l[i]![k]! * y[k]!;
    y[i] = sum / l[i]![i]!;
  }
  const s = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i -= 1) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k += 1) sum -= l[k]![i]! * s[k]!;
    s[i] = sum / l[i]![i]!;
  }
  return s;
}
