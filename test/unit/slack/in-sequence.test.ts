import { describe, expect, it } from '@jest/globals';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { inSequence } from '../../../src/slack/middleware/in-sequence.js';

type Step = Middleware<AnyMiddlewareArgs>;

/** Calls the sequence as Bolt calls a global middleware: the request's arguments and Bolt's own `next`. */
async function runAsBolt(steps: Step[], body: Record<string, unknown> = { team_id: 'T1' }) {
  let boltNextCalls = 0;
  const args = {
    body,
    payload: body,
    context: { teamId: 'T1' },
    next: async () => {
      boltNextCalls++;
    },
  };
  await inSequence(steps)(args as unknown as Parameters<Step>[0]);
  return { boltNextCalls };
}

describe('inSequence', () => {
  it('runs the steps in order, each before the rest, and then Bolt’s own next', async () => {
    const seen: string[] = [];
    const step =
      (name: string): Step =>
      async ({ next }) => {
        seen.push(`${name} in`);
        await next();
        seen.push(`${name} out`);
      };
    const { boltNextCalls } = await runAsBolt([step('a'), step('b')]);
    expect(seen).toEqual(['a in', 'b in', 'b out', 'a out']);
    expect(boltNextCalls).toBe(1);
  });

  it('hands every step the request’s arguments', async () => {
    const bodies: unknown[] = [];
    const contexts: unknown[] = [];
    const record: Step = async ({ body, context, next }) => {
      bodies.push(body);
      contexts.push(context);
      await next();
    };
    const body = { team_id: 'T9', event_id: 'Ev1' };
    await runAsBolt([record, record], body);
    expect(bodies).toEqual([body, body]);
    expect(contexts).toEqual([{ teamId: 'T1' }, { teamId: 'T1' }]);
  });

  it('stops where a step does not call next', async () => {
    const seen: string[] = [];
    const { boltNextCalls } = await runAsBolt([
      async () => {
        seen.push('gate');
      },
      async ({ next }) => {
        seen.push('never');
        await next();
      },
    ]);
    expect(seen).toEqual(['gate']);
    expect(boltNextCalls).toBe(0);
  });

  it('refuses a second next() from the same step, as Bolt does', async () => {
    const twice: Step = async ({ next }) => {
      await next();
      await next();
    };
    await expect(runAsBolt([twice])).rejects.toThrow('next() called multiple times');
  });

  it('passes a step’s failure up to Bolt', async () => {
    const failing: Step = async () => {
      throw new Error('middleware failed');
    };
    await expect(runAsBolt([failing])).rejects.toThrow('middleware failed');
  });
});
