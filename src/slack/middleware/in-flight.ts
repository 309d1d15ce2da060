import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

/**
 * Counts the requests whose listeners are still running. Slack gets its ack first and the work goes on after, so
 * stopping the HTTP server does not wait for that work; shutdown waits here before it closes the database and the
 * activity recorder, or an event acknowledged a moment earlier could lose its effect.
 */
export class InFlightWork {
  #count = 0;
  #idle: Array<() => void> = [];

  /** Global middleware, registered first: counts from the first middleware to the last listener. */
  middleware(): Middleware<AnyMiddlewareArgs> {
    return async ({ next }) => {
      this.#count++;
      try {
        await next();
      } finally {
        this.#count--;
        if (this.#count === 0) for (const resolve of this.#idle.splice(0)) resolve();
      }
    };
  }

  get count(): number {
    return this.#count;
  }

  /** Resolves when nothing is running, or after `timeoutMs` (true if it drained). */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.#count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
