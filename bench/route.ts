import { Worker } from 'node:worker_threads';
import type { Kysely } from 'kysely';
import type { Database } from '../src/db/database.js';
import { MemberProfileCache } from '../src/questions/member-profile-cache.js';
import { MemberRoster } from '../src/questions/member-roster.js';
import { ShortlistHints } from '../src/questions/routing-shortlist.js';
import { PostgresRoutingSource } from '../src/questions/routing-source.repository.js';
import { rankCandidates } from '../src/routing/score.js';
import type { RouteRequest } from './route-thread.js';
import type { World } from './seed.js';
import { median, percentile, timed } from './stats.js';
import { askText } from './words.js';

export interface RouteResult extends Record<string, number> {
  p50: number;
  p95: number;
  rankP50: number;
  rankP95: number;
  /** One route with an empty profile cache (a worker's first /ask after a restart). */
  coldMs: number;
  candidates: number;
}

/** What routing reads of the seeded workspace (plain data: it is sent to the route thread). */
export type RouteWorld = Pick<World, 'teamId' | 'communityId' | 'members' | 'tags'>;

/** What a running worker keeps between routings: member profiles, the shortlist's slow-moving inputs, member rows. */
export interface RouteWorkerState {
  profiles: MemberProfileCache;
  hints: ShortlistHints;
  roster?: MemberRoster;
}

/** A worker's state as after a restart; `keep: false` keeps nothing between routes (every route cold). */
export function newRouteWorkerState(db: Kysely<Database>, keep = true): RouteWorkerState {
  return keep
    ? { profiles: new MemberProfileCache(), hints: new ShortlistHints(), roster: new MemberRoster(db) }
    : { profiles: new MemberProfileCache(0), hints: new ShortlistHints(Date.now, 0) };
}

/**
 * A new worker's first routing in the workspace (the cold case, which routeRound times as `coldMs`), after which the
 * route-question job warms the workspace's profiles once its DMs are out; returns how long the warming took.
 */
export async function startRouteWorker(
  db: Kysely<Database>,
  world: RouteWorld,
  state: RouteWorkerState,
): Promise<number> {
  const channelMembers = new Set(world.members);
  await routeOnce(db, world, 0, state, channelMembers);
  if (!state.profiles.claimWarming(world.teamId)) return 0;
  return (await timed(() => sourceFor(db, world, state, channelMembers).warmProfiles(new Date()))).ms;
}

/**
 * Ranking one question as the route-question job does: candidates and their features from PostgreSQL
 * (PostgresRoutingSource in live mode: the pool is shortlisted in SQL) then rankCandidates; and rankCandidates alone
 * on the same candidates, which isolates the pure scoring from the data loading. Channel membership (a Slack call) is passed in, as the job has it by then.
 * `state` is the worker's member-profile cache and shortlist hints, kept across rounds as a running worker keeps them
 * across /ask (started with startRouteWorker); one route with an empty state is timed first (`coldMs`). Takes up to `maxSamples` while the time budget lasts (at least
 * one).
 */
export async function routeRound(
  db: Kysely<Database>,
  world: RouteWorld,
  maxSamples: number,
  budgetMs: number,
  state: RouteWorkerState,
): Promise<RouteResult> {
  const full: number[] = [];
  const rank: number[] = [];
  let candidates = 0;
  const deadline = Date.now() + budgetMs;
  // The channel's member set, as the job's membership cache holds it (built once, not per route).
  const channelMembers = new Set(world.members);
  const cold = await timed(() => routeOnce(db, world, 0, newRouteWorkerState(db), channelMembers));
  for (let i = 0; i < maxSamples && (i === 0 || Date.now() < deadline); i++) {
    const { ms, result } = await timed(() => routeOnce(db, world, i + 1, state, channelMembers));
    full.push(ms);
    candidates = result.found.length;
    rank.push((await timed(async () => rankCandidates(result.question, result.found, result.options))).ms);
  }
  return {
    p50: median(full),
    p95: percentile(full, 95),
    rankP50: median(rank),
    rankP95: percentile(rank, 95),
    coldMs: cold.ms,
    candidates,
  };
}

/** Routes the i-th benchmark question as the route-question job does, returning what it ranked. */
async function routeOnce(
  db: Kysely<Database>,
  world: RouteWorld,
  i: number,
  state: RouteWorkerState,
  channelMembers: Set<string>,
) {
  const question = {
    askerId: world.members[i % world.members.length] as string,
    tags: [`tag${i % 7}`, `tag${(i * 13) % world.tags}`],
    text: askText(i, world.tags),
    askedAt: new Date(),
    synonyms: {},
  };
  const source = sourceFor(db, world, state, channelMembers);
  const found = await source.candidatesFor(question);
  const options = { now: question.askedAt, k: 3, balanced: true, textIndex: source.textSimilarity() };
  rankCandidates(question, found, options);
  return { question, found, options };
}

/** The routing source as the route-question job builds it. */
function sourceFor(db: Kysely<Database>, world: RouteWorld, state: RouteWorkerState, channelMembers: Set<string>) {
  return new PostgresRoutingSource(db, {
    teamId: world.teamId,
    communityId: world.communityId,
    channelMembers,
    // As /ask's route-question job does: the live pool is narrowed in SQL before features are loaded, and member
    // profiles built by earlier routings are reused while their version is unchanged.
    live: true,
    ...state,
  });
}

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * route_p95's timing thread (bench/route-thread.ts): routes are timed on an event loop and heap of their own, with a
 * database pool of their own, as the Praxis worker process that runs them has — not in the benchmark's main thread,
 * where the stand-in keeps every Web API call it served and its garbage collections fell inside the samples. The
 * thread keeps the worker's state (profiles, hints) from `start` on, across rounds.
 */
export class RouteThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 0;

  constructor(databaseUrl: string) {
    this.#worker = new Worker(new URL('./route-thread.mjs', import.meta.url), { workerData: { databaseUrl } });
    this.#worker.on('message', (reply: { id: number; result?: unknown; error?: string }) => {
      const pending = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (reply.error !== undefined) pending?.reject(new Error(`route thread: ${reply.error}`));
      else pending?.resolve(reply.result);
    });
    const failAll = (error: Error) => {
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    this.#worker.on('error', failAll);
    this.#worker.on('exit', (code) => failAll(new Error(`the route thread exited (${code})`)));
  }

  /** A worker's first routing in the workspace, then its warming (startRouteWorker); resolves with the warming ms. */
  start(world: RouteWorld, keep = true): Promise<number> {
    return this.#call({ op: 'start', world: plain(world), keep }) as Promise<number>;
  }

  round(world: RouteWorld, maxSamples: number, budgetMs: number): Promise<RouteResult> {
    return this.#call({ op: 'round', world: plain(world), maxSamples, budgetMs }) as Promise<RouteResult>;
  }

  async close(): Promise<void> {
    await this.#call({ op: 'close' }).catch(() => undefined);
    await this.#worker.terminate();
  }

  #call(request: WithoutId<RouteRequest>): Promise<unknown> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id });
    });
  }
}

/** Only what routing reads: World also holds the stand-in's live channel record, which cannot cross threads. */
function plain(world: RouteWorld): RouteWorld {
  return { teamId: world.teamId, communityId: world.communityId, members: world.members, tags: world.tags };
}
