/**
 * `npx tsx bench/bolt-listeners.ts`: what Bolt's listener matching costs the app per request, in process (no HTTP):
 * a slash command through `App.processEvent` with one listener, with Praxis's ~40 listeners registered one by one as
 * Bolt runs them (every listener's matcher chain, for every request), and with the same 40 behind ListenerRouter
 * (src/slack/listener-router.ts: one Bolt listener per kind). Prints µs per request, the median of 5 rounds.
 */
import { App } from '@slack/bolt';
import { ListenerRouter } from '../src/slack/listener-router.js';
import { median } from './stats.js';

const ACTIONS = 21;
const VIEWS = 7;
const EVENTS = 7;
const COMMANDS = 5;

function newApp(): App {
  return new App({
    token: 'xoxb-bench',
    signingSecret: 'bench',
    botId: 'B1',
    botUserId: 'U1',
    tokenVerificationEnabled: false,
    convoStore: false,
  });
}

const noop = async ({ ack }: { ack?: () => Promise<void> }) => {
  await ack?.();
};

/** The same numbers of commands, actions, views and events as Praxis registers, on Bolt or on the router. */
function register(target: Pick<App, 'command' | 'action' | 'view' | 'event'> | ListenerRouter): void {
  const on = target as ListenerRouter;
  for (let i = 0; i < COMMANDS; i++) on.command(i === 0 ? '/ask' : `/other${i}`, noop);
  for (let i = 0; i < ACTIONS; i++) on.action(`action_${i}`, noop);
  for (let i = 0; i < VIEWS; i++) on.view(`view_${i}`, noop);
  for (let i = 0; i < EVENTS; i++) on.event(`event_${i}`, noop);
}

async function microsPerCommand(app: App): Promise<number> {
  const body = { command: '/ask', text: 'hi', team_id: 'T1', channel_id: 'C1', user_id: 'U2', trigger_id: '1.2.3' };
  const once = () => app.processEvent({ body, ack: async () => {} } as unknown as Parameters<App['processEvent']>[0]);
  for (let i = 0; i < 2_000; i++) await once(); // warm-up: JIT
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    for (let i = 0; i < 5_000; i++) await once();
    rounds.push(((performance.now() - start) * 1000) / 5_000);
  }
  return median(rounds);
}

const one = newApp();
one.command('/ask', noop);
const each = newApp();
register(each as unknown as ListenerRouter);
const routed = newApp();
const router = new ListenerRouter();
register(router);
router.install(routed);

console.log(`one listener:                 ${(await microsPerCommand(one)).toFixed(1)} µs per /ask`);
console.log(
  `${COMMANDS + ACTIONS + VIEWS + EVENTS} listeners, one by one:      ${(await microsPerCommand(each)).toFixed(1)} µs per /ask`,
);
console.log(
  `${COMMANDS + ACTIONS + VIEWS + EVENTS} listeners, ListenerRouter:  ${(await microsPerCommand(routed)).toFixed(1)} µs per /ask`,
);
