import type { Kysely } from 'kysely';
import type { Database } from '../src/db/database.js';
import { PostgresRoutingSource } from '../src/questions/routing-source.repository.js';
import { rankCandidates } from '../src/routing/score.js';
import type { World } from './seed.js';
import { median, percentile, timed } from './stats.js';
import { askText } from './words.js';

export interface RouteResult extends Record<string, number> {
  p50: number;
  p95: number;
  rankP50: number;
  rankP95: number;
  candidates: number;
}

/**
 * Ranking one question as the route-question job does: candidates and their features from PostgreSQL
 * (PostgresRoutingSource in live mode: the pool is shortlisted in SQL) then rankCandidates; and rankCandidates alone
 * on the same candidates, which isolates the pure scoring from the data loading. Channel membership (a Slack call) is passed in, as the job has it by then.
 * Takes up to `maxSamples` while the time budget lasts (at least one).
 */
export async function routeRound(
  db: Kysely<Database>,
  world: World,
  maxSamples: number,
  budgetMs: number,
): Promise<RouteResult> {
  const full: number[] = [];
  const rank: number[] = [];
  let candidates = 0;
  const deadline = Date.now() + budgetMs;
  for (let i = 0; i < maxSamples && (i === 0 || Date.now() < deadline); i++) {
    const question = {
      askerId: world.members[i % world.members.length] as string,
      tags: [`tag${i % 7}`, `tag${(i * 13) % world.tags}`],
      text: askText(i, world.tags),
      askedAt: new Date(),
      synonyms: {},
    };
    const source = new PostgresRoutingSource(db, {
      teamId: world.teamId,
      communityId: world.communityId,
      channelMembers: new Set(world.members),
      // As /ask's route-question job does: the live pool is narrowed in SQL before features are loaded.
      live: true,
    });
    const options = () => ({ now: question.askedAt, k: 3, balanced: true, textIndex: source.textSimilarity() });
    const { ms, result } = await timed(async () => {
      const found = await source.candidatesFor(question);
      return { found, ranked: rankCandidates(question, found, options()) };
    });
    full.push(ms);
    candidates = result.found.length;
    rank.push((await timed(async () => rankCandidates(question, result.found, options()))).ms);
  }
  return {
    p50: median(full),
    p95: percentile(full, 95),
    rankP50: median(rank),
    rankP95: percentile(rank, 95),
    candidates,
  };
}
