import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/database.js';
import { searchEntries } from '../src/knowledge/knowledge.repository.js';
import { KB_PAGE_SIZE } from '../src/slack/blocks/knowledge-results.js';
import type { World } from './seed.js';
import { median, percentile, timed } from './stats.js';
import { KB_QUERIES } from './words.js';

export interface KbResult extends Record<string, number> {
  p50: number;
  p95: number;
  ilikeP50: number;
  ilikeP95: number;
}

/**
 * One round of `/kb` searches as kbSearchPage runs them (first page, one extra row to know whether there is a next
 * page), for queries from very common to rare words, beside the obvious alternative: a plain ILIKE scan for every
 * word over title, question and answer, newest first.
 */
export async function kbRound(db: Kysely<Database>, world: World, reps: number): Promise<KbResult> {
  const scope = { teamId: world.teamId, privateChannelIds: [] };
  const fts: number[] = [];
  const ilike: number[] = [];
  for (const query of KB_QUERIES) {
    for (let r = 0; r < reps; r++) {
      fts.push((await timed(() => searchEntries(db, scope, query, { limit: KB_PAGE_SIZE + 1 }))).ms);
    }
    ilike.push((await timed(() => ilikeSearch(db, world.teamId, query))).ms);
  }
  return { p50: median(fts), p95: percentile(fts, 95), ilikeP50: median(ilike), ilikeP95: percentile(ilike, 95) };
}

/** The baseline: every word as `ILIKE '%word%'` over title, question and answer, newest first. */
export function ilikeSearch(db: Kysely<Database>, teamId: string, query: string) {
  const words = query.split(/\s+/).map((w) => sql`(title || ' ' || question || ' ' || answer) ilike ${`%${w}%`}`);
  return sql`select id, title, question, answer from knowledge_entry
    where team_id = ${teamId} and retired_at is null and visibility = 'public' and ${sql.join(words, sql` and `)}
    order by id desc limit ${KB_PAGE_SIZE + 1}`.execute(db);
}
