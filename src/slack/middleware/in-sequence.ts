import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

type Step = Middleware<AnyMiddlewareArgs>;
type StepArgs = Parameters<Step>[0];

/**
 * Runs middleware one after another inside a single Bolt middleware, the way Bolt runs its own chain: each step gets
 * the request's arguments with a `next` that runs the rest (and works once), and the last step's `next` is Bolt's.
 *
 * Why not one `app.use` per step: Bolt calls every middleware and every listener with `{ ...args, next, context,
 * client, logger }`. On Node 20 (V8 11.3) an object made by spreading another and then given a property of its own
 * gets a hidden class (map) of its own, every time: V8 does not cache that transition. So each middleware and each
 * listener cost every request a runtime call, a new map and a new descriptor array; and because the maps are old
 * objects pointing at young ones, every scavenge copies what they point at: a bare Bolt app keeps ~1.2 MB of every
 * ~12.5 MB it allocates through each scavenge, a plain Node HTTP server 7 KB (docs/benchmarks.md, session 9). Here a
 * step's arguments are made with Object.assign on a fresh object, whose maps V8 does cache.
 */
export function inSequence(steps: readonly Step[]): Step {
  return (args) => {
    const run = (index: number): Promise<void> => {
      const step = steps[index];
      if (step === undefined) return args.next();
      let called = false;
      const next = async () => {
        // Bolt's own chain refuses a second call too (with a rejection, as here): the rest would run twice.
        if (called) throw new Error('next() called multiple times');
        called = true;
        return run(index + 1);
      };
      return step(Object.assign({}, args, { next }) as StepArgs);
    };
    return run(0);
  };
}
