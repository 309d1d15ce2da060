import type { DecayingSum } from './routing.js';

const MS_PER_DAY = 86_400_000;

/** Age in days between two instants (never negative: clocks between app servers and the database differ a little). */
export function ageInDays(from: Date, to: Date): number {
  return Math.max(0, (to.getTime() - from.getTime()) / MS_PER_DAY);
}

/** The halving factor for an age: 0.5^(age / halfLife). */
export function halvingFactor(ageDays: number, halfLifeDays: number): number {
  return 0.5 ** (ageDays / halfLifeDays);
}

/** An empty decaying sum anchored at `at`. */
export function emptyDecayingSum(at: Date): DecayingSum {
  return { value: 0, asOf: at };
}

/** The worth of a decaying sum at `now`. Events after `asOf` cannot be in it, so a later `asOf` is not decayed up. */
export function decayedValue(sum: DecayingSum, now: Date, halfLifeDays: number): number {
  return sum.value * halvingFactor(ageInDays(sum.asOf, now), halfLifeDays);
}

/**
 * Adds an event of `weight` at `at` and returns the new sum, re-anchored at the later of the two instants, so the
 * stored value never grows exponentially however long the community lives.
 */
export function addToDecayingSum(sum: DecayingSum, at: Date, weight: number, halfLifeDays: number): DecayingSum {
  if (at.getTime() >= sum.asOf.getTime()) {
    return { value: decayedValue(sum, at, halfLifeDays) + weight, asOf: at };
  }
  // An event older than the anchor (out-of-order load) enters already decayed.
  return { value: sum.value + weight * halvingFactor(ageInDays(at, sum.asOf), halfLifeDays), asOf: sum.asOf };
}
