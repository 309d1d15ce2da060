import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Praxis } from './app.js';
import type { World } from './seed.js';
import { type Lanes, post, type SignedRequest, signedSlashCommand } from './sender.js';
import type { Sizes } from './sizes.js';
import { median, percentile } from './stats.js';
import { askText } from './words.js';

export interface AckResult extends Record<string, number> {
  p50: number;
  p99: number;
  bareP50: number;
  bareP99: number;
}

let asked = 0;

/**
 * How the two apps share a round. `together` (the target figures): one batch whose requests alternate between the
 * two apps (which comes first alternates from round to round), so both are measured over the same seconds, beside the
 * same follow-up work of the real app (question posted, routing job, ephemeral reply): at 1 in flight one request at
 * a time, real, bare, real, …; at more, each app with `concurrency` lanes of its own, all at once, so each always has
 * `concurrency` in flight whatever the other's speed. (Session 6 sent pairs, a real and a bare /ask at once, the next
 * pair when both were answered: the faster app then got its requests one at a time, as the slower one answered, and
 * its latency measured no queue at all: docs/benchmarks.md, session 7.) `turns` (shown beside them): each app
 * gets its own batch, one after the other, so the bare app's batch always runs on a quiet machine while the real
 * app's runs beside its own growing follow-up. docs/benchmarks.md compares the two.
 */
export type AckMode = 'turns' | 'together' | 'twins';

/**
 * The ack rounds of a run: both concurrencies together (the target figures), then in turns, then `twins`: the
 * together rounds with a second bare app in the real app's place (startPraxis's `secondBare`), the same code on both
 * sides, so their ratio is the run's noise floor for the ratio of the target figures (docs/benchmarks.md, session 9).
 */
export function ackRuns(sizes: Sizes): Array<{ concurrency: number; mode: AckMode }> {
  const modes: AckMode[] = ['together', 'turns', 'twins'];
  return modes.flatMap((mode) => sizes.ack.concurrency.map((concurrency) => ({ concurrency, mode })));
}

export const ackKey = (concurrency: number, mode: AckMode) => `${concurrency}-${mode}`;

/**
 * `/ask <text>` ack latency: signed slash-command forms (issued by the stand-in) POSTed from a worker thread to the real
 * app (its own process, production ack mode; the worker process routes the questions) and to the bare Bolt app (its
 * own process), `requests` each, `concurrency` in flight, timed around each POST and its ack body. Every round starts
 * from a quiet machine and waits for all of the real app's follow-up work before it returns.
 */
export async function ackRound(
  praxis: Praxis,
  world: World,
  requests: number,
  concurrency: number,
  round = 0,
  mode: AckMode = 'turns',
): Promise<AckResult> {
  const { sandbox } = praxis;
  if (mode === 'twins') return twinsRound(praxis, world, requests, concurrency, round);
  const urls = [praxis.url, praxis.bareUrl];
  const ask = (i: number, to: number) => askForm(praxis, world, asked + i, to);
  const send = async (forms: SignedRequest[], lanes: Lanes = 'shared') => {
    const replies = sandbox.ephemerals.length;
    const sent = await post(urls, forms, concurrency, lanes);
    if (sent.failed > 0) throw new Error(`${sent.failed} /ask were not acked with HTTP 200`);
    await followUpDone(praxis, replies, sent.sent[0] ?? 0);
    return sent.latencies;
  };
  const realFirst = round % 2 === 1;
  let real: number[] = [];
  let bare: number[] = [];
  if (mode === 'together') {
    const { forms, lanes } = togetherForms(praxis, world, requests, concurrency, realFirst);
    [real = [], bare = []] = await send(forms, lanes);
  } else {
    for (const to of realFirst ? [0, 1] : [1, 0]) {
      const latencies = await send(Array.from({ length: requests }, (_, i) => ask(i, to)));
      if (to === 0) real = latencies[0] ?? [];
      else bare = latencies[1] ?? [];
    }
    asked += requests;
  }
  return ackResult(real, bare);
}

/** A round's figures from each app's latencies (`real`: the real app, or in twins rounds the bare app's twin). */
function ackResult(real: number[], bare: number[]): AckResult {
  return { p50: median(real), p99: percentile(real, 99), bareP50: median(bare), bareP99: percentile(bare, 99) };
}

/**
 * One `together` round with the bare app's twin in the real app's place (AckMode `twins`): `p50`/`p99` are the
 * twin's. Nothing reaches the real app, so there is no follow-up to wait for.
 */
async function twinsRound(
  praxis: Praxis,
  world: World,
  requests: number,
  concurrency: number,
  round: number,
): Promise<AckResult> {
  if (!praxis.bare2Url) throw new Error('twins rounds need the second bare app (startPraxis secondBare)');
  const { forms, lanes } = togetherForms(praxis, world, requests, concurrency, round % 2 === 1);
  const sent = await post([praxis.bare2Url, praxis.bareUrl], forms, concurrency, lanes);
  if (sent.failed > 0) throw new Error(`${sent.failed} /ask were not acked with HTTP 200`);
  const [twin = [], bare = []] = sent.latencies;
  return ackResult(twin, bare);
}

/**
 * The requests of one `together` round (see AckMode), `requests` measured per app, and how to send them: at 1 in
 * flight alternating pairs on shared lanes; at more, each app's requests on lanes of its own, plus unmeasured fillers
 * that keep the app that finishes first loaded until the other is done: the bare app up to 5× its measured requests
 * (it is the faster one, and cheap to load), the real app a third more (each costs the worker a routing).
 */
export function togetherForms(
  praxis: Praxis,
  world: World,
  requests: number,
  concurrency: number,
  realFirst: boolean,
): { forms: SignedRequest[]; lanes: Lanes } {
  const ask = (i: number, to: number) => askForm(praxis, world, asked + i, to);
  if (concurrency === 1) {
    const forms = pairs(requests, realFirst, ask);
    asked += requests;
    return { forms, lanes: 'shared' };
  }
  const order = realFirst ? [0, 1] : [1, 0];
  const fillers = (to: number) => (to === 0 ? Math.ceil(requests / 3) : requests * 5);
  const forms = order.flatMap((to) => [
    ...Array.from({ length: requests }, (_, i) => ask(i, to)),
    ...Array.from({ length: fillers(to) }, (_, i): SignedRequest => ({ ...ask(requests + i, to), filler: true })),
  ]);
  asked += requests + Math.max(...order.map(fillers));
  return { forms, lanes: 'per-target' };
}

/** The signed `/ask` of the `n`th question of the run, by a member of the world, for app `to` (0 real, 1 bare). */
function askForm(praxis: Praxis, world: World, n: number, to: number): SignedRequest {
  const form = signedSlashCommand(praxis.sandbox, praxis.signingSecret, {
    user: world.members[n % world.members.length] as string,
    channel: world.channelId,
    command: '/ask',
    text: askText(n, world.tags),
  });
  return { ...form, to };
}

/** `count` pairs of requests, each a real and a bare one (in that order when `realFirst`). */
function pairs(count: number, realFirst: boolean, form: (i: number, to: number) => SignedRequest): SignedRequest[] {
  const order = realFirst ? [0, 1] : [1, 0];
  return Array.from({ length: count }, (_, i) => order.map((to) => form(i, to))).flat();
}

/**
 * Brings both apps' /ask path to its steady speed before the first ack round: `count` pairs at each concurrency,
 * sent as the rounds send them, with the worker held back and the queued jobs and stored questions discarded after
 * (nothing is measured, so the follow-up that would take a minute of both cores is not needed). V8 optimizes a
 * path only after many calls: the app's half of /ask (the INSERT and the queue call) cost 1.1 ms of CPU per call
 * over its first thousand calls, 0.26–0.30 ms from the fifth thousand on (docs/benchmarks.md, session 7). After a
 * few hundred asks the rounds would measure the app while its compiler is still catching up with code the bare app
 * does not have; a production app is past this after its first few thousand requests.
 */
export async function warmUpAcks(praxis: Praxis, world: World, count: number, concurrencies: number[]): Promise<void> {
  if (count === 0) return;
  await praxis.idle();
  // The bare app's twin (twins rounds) is warmed the same way, beside the bare app.
  const apps = [[praxis.url, praxis.bareUrl], ...(praxis.bare2Url ? [[praxis.bare2Url, praxis.bareUrl]] : [])];
  await withJobsHeld(praxis, async () => {
    for (const urls of apps) {
      for (const concurrency of concurrencies) {
        const forms = pairs(count, true, (i, to) => askForm(praxis, world, asked + i, to));
        asked += count;
        const sent = await post(urls, forms, concurrency, concurrency > 1 ? 'per-target' : 'shared');
        if (sent.failed > 0) throw new Error(`${sent.failed} warm-up /ask were not acked with HTTP 200`);
      }
    }
  });
}

/**
 * Runs `send` with the worker held back, then discards the jobs it queued and the questions it stored, so the real
 * app's /ask path runs without any follow-up (warm-up, and the held rounds of bench/ack-blocks.ts).
 */
export async function withJobsHeld<T>(praxis: Praxis, send: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{ last: number | null }>`SELECT max(id) AS last FROM question`.execute(praxis.db);
  await praxis.holdJobs();
  try {
    return await send();
  } finally {
    await praxis.discardHeld();
    await sql`DELETE FROM question WHERE id > ${rows[0]?.last ?? 0}`.execute(praxis.db);
  }
}

/** Waits for the real app's follow-up to `asks` /ask sent after `since` ephemerals: each ends with the worker's
 * ephemeral reply to the asker, then its routing job must finish. */
export async function followUpDone(praxis: Praxis, since: number, asks: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (praxis.sandbox.ephemerals.length - since < asks) {
    if (Date.now() > deadline) throw new Error('the real app did not finish posting the /ask questions');
    await sleep(10);
  }
  await praxis.idle();
}

/** run.ts adds `lowerBound: 1` when the size was not measured end to end (the routing time alone is reported). */
export interface E2eResult extends Record<string, number> {
  ackP95: number;
  postedP95: number;
  dmedP50: number;
  dmedP95: number;
  asks: number;
  dms: number;
}

/**
 * One question at a time, end to end: the stand-in sends `/ask`, the app acks, posts the question in the channel
 * (chat.postMessage), and the worker ranks the members and DMs the top experts (conversations.open +
 * chat.postMessage each). Times come from the stand-in's own clock on each Web API call, so polling granularity does
 * not enter the figure. Asks up to `maxAsks` questions while the time budget lasts (at least one).
 */
export async function e2eRound(praxis: Praxis, world: World, maxAsks: number, budgetMs: number): Promise<E2eResult> {
  const { sandbox, db } = praxis;
  const ack: number[] = [];
  const posted: number[] = [];
  const dmed: number[] = [];
  let dms = 0;
  const deadline = Date.now() + budgetMs;
  for (let i = 0; i < maxAsks && (i === 0 || Date.now() < deadline); i++) {
    const user = world.members[(asked * 7919) % world.members.length] as string;
    const mark = sandbox.calls.length;
    const start = Date.now();
    const answer = await sandbox.slashCommand({
      user,
      channel: world.channelId,
      command: '/ask',
      text: askText(asked++, world.tags),
    });
    ack.push(Date.now() - start);
    const requestKey = `command:${answer.triggerId}`;
    const question = await poll(async () =>
      db
        .selectFrom('question')
        .select(['id', 'message_ts'])
        .where('request_key', '=', requestKey)
        .where('message_ts', 'is not', null)
        .executeTakeFirst(),
    );
    const job = await poll(async () => {
      const j = await praxis.job(`route-${question.id}`);
      return j?.finishedOn ? j : undefined;
    });
    if (job.failedReason) throw new Error(`routing failed: ${job.failedReason}`);
    const calls = sandbox.calls.slice(mark);
    const post = calls.find((c) => c.method === 'chat.postMessage' && c.response.ts === question.message_ts);
    const cards = await db.selectFrom('routing').select('dm_ts').where('question_id', '=', question.id).execute();
    const cardTs = new Set(cards.map((c) => c.dm_ts));
    const dmCalls = calls.filter((c) => c.method === 'chat.postMessage' && cardTs.has(c.response.ts as string));
    if (post) posted.push(post.at - start);
    if (dmCalls.length > 0) dmed.push(Math.max(...dmCalls.map((c) => c.at)) - start);
    dms += dmCalls.length;
  }
  if (dmed.length === 0) throw new Error('no /ask was routed to an expert: the seeded workspace matches nobody');
  return {
    ackP95: percentile(ack, 95),
    postedP95: percentile(posted, 95),
    dmedP50: median(dmed),
    dmedP95: percentile(dmed, 95),
    asks: ack.length,
    dms: dms / ack.length,
  };
}

async function poll<T>(probe: () => Promise<T | undefined>, timeoutMs = 600_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the app');
    await sleep(5);
  }
}
