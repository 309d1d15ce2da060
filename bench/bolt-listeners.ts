/**
 * `npx tsx bench/bolt-listeners.ts`: what Bolt's own request handling costs the app per request, in process (no
 * HTTP): a slash command through `App.processEvent`, in five set-ups:
 * - the bare app of ack_p99 (bench/bare-app.ts: Bolt's defaults and one listener);
 * - Praxis's ~40 listeners registered with Bolt one by one (Bolt runs every listener's matcher chain for every request);
 * - the same 40 behind ListenerRouter as one Bolt listener per kind, and Praxis's three global middleware each
 *   registered with `app.use` (Praxis until session 9);
 * - ListenerRouter.install: Bolt's ignoreSelf, the three middleware and the dispatch in one Bolt middleware, no Bolt
 *   listener (now: src/slack/create-app.ts).
 * Prints µs per request and the young-generation collections (count and pause per 1,000 requests), the medians of 5
 * rounds. Each middleware or listener Bolt runs gives the request an object with a hidden class of its own on Node 20
 * (src/slack/middleware/in-sequence.ts), which is what the collections show.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { App, ignoreSelf } from '@slack/bolt';
import { ListenerRouter } from '../src/slack/listener-router.js';
import { median } from './stats.js';

const ACTIONS = 21;
const VIEWS = 7;
const EVENTS = 7;
const COMMANDS = 5;
const PER_ROUND = 5_000;

const praxisOptions = { convoStore: false } as const;
function newApp(options: { convoStore?: false; ignoreSelf?: false } = praxisOptions): App {
  return new App({
    token: 'xoxb-bench',
    signingSecret: 'bench',
    botId: 'B1',
    botUserId: 'U1',
    tokenVerificationEnabled: false,
    ...options,
  });
}

const noop = async ({ ack }: { ack?: () => Promise<void> }) => {
  await ack?.();
};
/** Stands for Praxis's global middleware (in-flight count, record-only messages, redelivery claim): passes on. */
const passOn = async ({ next }: { next: () => Promise<void> }) => {
  await next();
};
const praxisMiddleware = [passOn, passOn, passOn];

/** The same numbers of commands, actions, views and events as Praxis registers, on Bolt or on the router. */
function register(target: Pick<App, 'command' | 'action' | 'view' | 'event'> | ListenerRouter): void {
  const on = target as ListenerRouter;
  for (let i = 0; i < COMMANDS; i++) on.command(i === 0 ? '/ask' : `/other${i}`, noop);
  for (let i = 0; i < ACTIONS; i++) on.action(`action_${i}`, noop);
  for (let i = 0; i < VIEWS; i++) on.view(`view_${i}`, noop);
  for (let i = 0; i < EVENTS; i++) on.event(`event_${i}`, noop);
  on.shortcut('save_to_kb', noop);
}

/** Young-generation collections while `fn` runs: how many, and their pauses in all (ms). */
async function minorGcs(fn: () => Promise<void>): Promise<{ count: number; ms: number }> {
  const seen = { count: 0, ms: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind !== constants.NODE_PERFORMANCE_GC_MINOR)
        continue;
      seen.count++;
      seen.ms += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  await fn();
  // GC entries are delivered asynchronously: let the last ones arrive.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return seen;
}

async function perCommand(app: App): Promise<{ micros: number; gcs: number; gcMs: number }> {
  const body = { command: '/ask', text: 'hi', team_id: 'T1', channel_id: 'C1', user_id: 'U2', trigger_id: '1.2.3' };
  const once = () => app.processEvent({ body, ack: async () => {} } as unknown as Parameters<App['processEvent']>[0]);
  for (let i = 0; i < 2_000; i++) await once(); // warm-up: JIT
  const rounds: Array<{ micros: number; gcs: number; gcMs: number }> = [];
  for (let round = 0; round < 5; round++) {
    let micros = 0;
    const gc = await minorGcs(async () => {
      const start = performance.now();
      for (let i = 0; i < PER_ROUND; i++) await once();
      micros = ((performance.now() - start) * 1000) / PER_ROUND;
    });
    rounds.push({ micros, gcs: (gc.count * 1000) / PER_ROUND, gcMs: (gc.ms * 1000) / PER_ROUND });
  }
  return {
    micros: median(rounds.map((r) => r.micros)),
    gcs: median(rounds.map((r) => r.gcs)),
    gcMs: median(rounds.map((r) => r.gcMs)),
  };
}

const bare = newApp({});
bare.command('/ask', noop);

const each = newApp();
for (const middleware of praxisMiddleware) each.use(middleware as never);
register(each as unknown as ListenerRouter);

const perKind = newApp();
for (const middleware of praxisMiddleware) perKind.use(middleware as never);
const perKindRouter = new ListenerRouter();
register(perKindRouter);
const dispatch = (args: unknown) => perKindRouter.handle(args);
perKind.command(/.*/, dispatch);
perKind.action(/.*/, dispatch);
perKind.view({ type: 'view_submission', callback_id: /.*/ }, dispatch);
perKind.event(/.*/, dispatch);
perKind.shortcut('save_to_kb', dispatch);

// As src/slack/create-app.ts: Bolt's ignoreSelf runs first inside the one middleware, not as a Bolt middleware.
const installed = newApp({ ...praxisOptions, ignoreSelf: false });
const router = new ListenerRouter();
register(router);
router.install(installed, [ignoreSelf, ...praxisMiddleware] as never);

const listeners = COMMANDS + ACTIONS + VIEWS + EVENTS + 1;
for (const [label, app] of [
  ['bare app: Bolt defaults, one listener', bare],
  [`${listeners} listeners one by one, 3 app.use`, each],
  ['ListenerRouter, a Bolt listener per kind, 3 app.use', perKind],
  ['ListenerRouter.install (middleware inside)', installed],
] as const) {
  const r = await perCommand(app);
  console.log(
    `${label.padEnd(52)} ${r.micros.toFixed(1).padStart(6)} µs per /ask; per 1,000: ${r.gcs.toFixed(1)} young collections, ` +
      `${r.gcMs.toFixed(1)} ms paused`,
  );
}
