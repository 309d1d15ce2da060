/** An HTTP 429 answer planned by a test. */
export interface RateLimitPlan {
  retryAfterSec: number;
  times: number;
}

/**
 * Test-controlled misbehaviour of the Web API: rate limits, one-off errors and latency.
 * Plans are consumed call by call, so a test states exactly which calls fail.
 */
export class Faults {
  readonly #rateLimits = new Map<string, RateLimitPlan>();
  readonly #failures = new Map<string, { error: string; times: number }>();
  #latencyMs = 0;
  readonly #methodLatency = new Map<string, number>();

  /** The next `times` calls of `method` answer HTTP 429 with `Retry-After: retryAfterSec`. */
  rateLimit(method: string, options: Partial<RateLimitPlan> = {}): void {
    this.#rateLimits.set(method, { retryAfterSec: options.retryAfterSec ?? 1, times: options.times ?? 1 });
  }

  /** The next `times` calls of `method` answer `{ ok: false, error }` (HTTP 200, as Slack does). */
  failNext(method: string, error: string, times = 1): void {
    this.#failures.set(method, { error, times });
  }

  /** Delays every Web API answer by `ms` (or only `method`'s, when given). 0 turns it off. */
  setLatency(ms: number, method?: string): void {
    if (method) this.#methodLatency.set(method, ms);
    else this.#latencyMs = ms;
  }

  /** Consumes one planned 429 for `method`, if any. */
  takeRateLimit(method: string): RateLimitPlan | undefined {
    return take(this.#rateLimits, method);
  }

  /** Consumes one planned error for `method`, if any. */
  takeFailure(method: string): string | undefined {
    return take(this.#failures, method)?.error;
  }

  /** Latency to apply to `method`. */
  latencyFor(method: string): number {
    return this.#methodLatency.get(method) ?? this.#latencyMs;
  }
}

function take<T extends { times: number }>(plans: Map<string, T>, method: string): T | undefined {
  const plan = plans.get(method);
  if (!plan) return undefined;
  if (plan.times <= 1) plans.delete(method);
  else plans.set(method, { ...plan, times: plan.times - 1 });
  return plan;
}
