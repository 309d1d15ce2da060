import { describe, expect, it } from '@jest/globals';
import type { AnyMiddlewareArgs } from '@slack/bolt';
import { InFlightWork } from '../../../src/slack/middleware/in-flight.js';

/** Runs the middleware around `work` the way Bolt does: `next` resolves when the listeners have finished. */
function run(inFlight: InFlightWork, work: Promise<void>) {
  const middleware = inFlight.middleware();
  return middleware({ next: () => work } as unknown as AnyMiddlewareArgs & { next: () => Promise<void> } as never);
}

describe('InFlightWork', () => {
  it('is drained at once when nothing runs', async () => {
    expect(await new InFlightWork().drained(10)).toBe(true);
  });

  it('waits for listener work that is still running, and counts it', async () => {
    const inFlight = new InFlightWork();
    let finish = () => {};
    const work = new Promise<void>((resolve) => (finish = resolve));
    const running = run(inFlight, work);
    expect(inFlight.count).toBe(1);
    const drained = inFlight.drained(5_000);
    let settled = false;
    void drained.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    finish();
    await running;
    expect(await drained).toBe(true);
    expect(inFlight.count).toBe(0);
  });

  it('counts failed work as finished too, and gives up after the timeout', async () => {
    const inFlight = new InFlightWork();
    await expect(run(inFlight, Promise.reject(new Error('listener failed')))).rejects.toThrow('listener failed');
    expect(inFlight.count).toBe(0);
    void run(inFlight, new Promise(() => {}));
    expect(await inFlight.drained(30)).toBe(false);
  });
});
