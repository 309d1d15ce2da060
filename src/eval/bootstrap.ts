/** A small seeded PRNG (mulberry32): the bootstrap must give the same interval on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A paired-bootstrap estimate of a mean difference. */
export interface BootstrapInterval {
  /** The observed mean difference (method − reference). */
  gain: number;
  low: number;
  high: number;
  resamples: number;
}

/**
 * Paired bootstrap 95% CI of mean(method − reference) over test questions: resample questions with replacement,
 * keeping each question's two values together, and take the 2.5th and 97.5th percentiles of the resampled means.
 */
export function pairedBootstrap(
  method: readonly number[],
  reference: readonly number[],
  resamples = 1000,
  seed = 20_240_229,
): BootstrapInterval {
  const differences = method.map((value, index) => value - reference[index]!);
  const count = differences.length;
  const mean = (values: readonly number[]) =>
    values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  const random = seededRandom(seed);
  const means: number[] = [];
  for (let sample = 0; sample < resamples; sample += 1) {
    let total = 0;
    for (let draw = 0; draw < count; draw += 1) total += differences[Math.floor(random() * count)]!;
    means.push(total / Math.max(1, count));
  }
  means.sort((a, b) => a - b);
  const at = (share: number) => means[Math.min(resamples - 1, Math.max(0, Math.floor(share * resamples)))] ?? 0;
  return { gain: mean(differences), low: at(0.025), high: at(0.975), resamples };
}
