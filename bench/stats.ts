/** Timing and summary helpers shared by every benchmark. */

/** One figure of the JSON report: `ratio` is value ÷ baseline, null when there is no baseline. */
export interface Figure {
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  [extra: string]: unknown;
}

export type Report = Record<string, Figure>;

export function figure(
  value: number,
  unit: string,
  baseline: number | null,
  extra: Record<string, unknown> = {},
): Figure {
  // The ratio is taken from the rounded numbers, so the JSON is consistent with itself (ratio = value / baseline).
  const v = round(value);
  const b = baseline === null ? null : round(baseline);
  return { value: v, unit, baseline: b, ratio: b ? round(v / b, 3) : null, ...extra };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] as number;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Milliseconds an async call takes (high resolution). */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}

/** Runs `count` calls of `task(i)` with at most `concurrency` in flight; returns each call's latency (ms). */
export async function latencies(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const out: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const start = performance.now();
      await task(i);
      out.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return out;
}

/**
 * Repeats a measurement `rounds` times and keeps the median of each numeric field, so one noisy round (a checkpoint,
 * a GC pause) does not decide the figure. Stops early once `budgetMs` is spent (after at least one round): a figure
 * that takes a minute per sample is reported from fewer rounds rather than blowing the run's time bound.
 * The result carries `rounds`, how many rounds it is the median of.
 */
export async function medianOfRounds<T extends Record<string, number>>(
  rounds: number,
  run: (round: number) => Promise<T>,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<T & { rounds: number }> {
  const results: T[] = [];
  const deadline = Date.now() + budgetMs;
  for (let r = 0; r < rounds && (r === 0 || Date.now() < deadline); r++) results.push(await run(r));
  const first = results[0] as T;
  const out: Record<string, number> = {};
  for (const key of Object.keys(first)) out[key] = median(results.map((x) => x[key] as number));
  return { ...(out as T), rounds: results.length };
}

/** Progress on stderr (the table and JSON are the output); BENCH_QUIET=1 silences it, as the CI test does. */
export function log(message: string): void {
  if (process.env.BENCH_QUIET === '1') return;
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
