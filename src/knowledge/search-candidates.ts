import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';

/**
 * How `searchEntries` finds the few entries worth ranking. Ranking every match cannot be fast: at 1M entries a
 * common word matches ~600k of them, and `ts_rank_cd` over all of them took ~0.8 s. So each search ranks a bounded
 * candidate set, gathered from two sources — entries whose title matches (the `ts_filter(search, '{a}')` GIN index:
 * the title weighs most, so these are the likely winners) and entries whose whole text matches — each taken the
 * cheaper of two ways, chosen from the planner's own row estimate (MCE statistics of the tsvector):
 *  - few matches: the GIN index, `limit k` (every match when there are at most k, so the ranking is exact);
 *  - many matches: the newest entries first along the primary key until k match. Walking the GIN posting list costs
 *    ~1 µs per match (the consistent check), so beyond ~sqrt(k·N) matches the walk back is cheaper, and it reads the
 *    recent end of the table, which stays in cache. The walk is bounded; when it finds fewer than k (the estimate was
 *    too high, e.g. a quoted phrase) the index is read after all.
 * When more entries match than are ranked, the ranking is over the title matches and the newest matches; for such
 * broad queries ts_rank_cd barely separates the entries anyway.
 */

type Db = Kysely<Database> | Transaction<Database>;

/** Candidates per source, so at most 100 rows are ranked; more only for deep pages (offset + limit). */
export const CANDIDATES = 50;

/** Share of entries above which a word says little about a suggestion (it is dropped from the candidate query). */
const COMMON_WORD_SHARE = 0.05;

/** Which tsvector a candidate source matches against: the title's lexemes or the whole entry's. */
export type Source = 'title' | 'body';

const vector = (source: Source) => (source === 'title' ? sql`ts_filter(search, '{a}')` : sql`search`);

/** How one source finds its candidates: through its GIN index, or by walking back over at most `scan` entries. */
export type SourcePlan = { walk: false } | { walk: true; scan: number };

/** Each source's plan, from the planner's estimate of how many entries of the team match `query`. */
export async function planSources(
  db: Db,
  teamId: string,
  query: RawBuilder<unknown>,
  k: number,
): Promise<Record<Source, SourcePlan>> {
  // EXPLAIN only plans (no rows are read): ~1 ms for the planner's estimates of both sources and the table size.
  const { rows } = await sql<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>`explain (format json)
    select 1 from knowledge_entry where team_id = ${teamId} and ${vector('title')} @@ ${query}
    union all select 1 from knowledge_entry where team_id = ${teamId} and ${vector('body')} @@ ${query}
    union all select 1 from knowledge_entry`.execute(db);
  const [title = 0, body = 0, all = 0] = (rows[0]?.['QUERY PLAN'][0]?.Plan.Plans ?? []).map((p) => p['Plan Rows']);
  // Walking back until k of `matches` entries match reads ~k·all/matches rows; the index reads `matches` entries.
  // The walk stops after 4× that (the estimate treats a phrase like AND, so it can be far too high) and then the
  // index is read after all.
  const plan = (matches: number): SourcePlan =>
    matches * matches > k * all
      ? { walk: true, scan: Math.min(50_000, Math.max(5_000, Math.ceil((4 * k * all) / matches))) }
      : { walk: false };
  return { title: plan(title), body: plan(body) };
}

interface PlanNode {
  'Plan Rows': number;
  Plans?: PlanNode[];
}

/** Who may see an entry: the team's live public entries, and private ones from the listed source channels. */
export function visibleSql(teamId: string, privateChannelIds: string[]): RawBuilder<boolean> {
  const own = privateChannelIds.length === 0 ? sql`false` : sql`source_channel_id in (${sql.join(privateChannelIds)})`;
  return sql<boolean>`team_id = ${teamId} and retired_at is null and (visibility = 'public' or ${own})`;
}

/** `select id …` of the candidates of both sources: at most k visible entries each that match `query`. */
export function candidateIds(
  plans: Record<Source, SourcePlan>,
  query: RawBuilder<unknown>,
  k: number,
  visible: RawBuilder<boolean>,
): RawBuilder<unknown> {
  const indexed = (source: Source, only = sql`true`) =>
    sql`(select id from knowledge_entry where ${visible} and ${vector(source)} @@ ${query} and ${only} limit ${k})`;
  const walks: RawBuilder<unknown>[] = [];
  const selects = (['title', 'body'] as const).map((source) => {
    const plan = plans[source];
    if (!plan.walk) return indexed(source);
    const name = sql.id(`${source}_walk`);
    // ts_match_vq is the function behind @@: as a call it cannot use the GIN index, so the planner walks the primary
    // key backwards instead of building a bitmap of every match and sorting it.
    walks.push(sql`${name} as (select id from (select id, ${vector(source)} as v from knowledge_entry
      where ${visible} order by id desc limit ${plan.scan}) recent where ts_match_vq(v, ${query}) limit ${k})`);
    // The index fallback runs only when the walk found fewer than k (a one-time filter: otherwise never executed).
    return sql`select id from ${name} union all ${indexed(source, sql`(select count(*) from ${name}) < ${k}`)}`;
  });
  const prefix = walks.length > 0 ? sql`with ${sql.join(walks)} ` : sql``;
  return sql`${prefix}${selects[0]} union ${selects[1]}`;
}

/**
 * The two queries of an `anyWord` search: `rank`, an OR over every distinct stemmed word (as before), and `find`, the
 * same without the words in more than 5 % of entries (from the column's MCE statistics), so candidates are entries
 * sharing the informative words rather than the first entries sharing "use" or "work". When every word is common,
 * `find` keeps them all. Null when the text has no searchable words.
 */
export async function anyWordQueries(
  db: Db,
  text: string,
): Promise<{ rank: RawBuilder<unknown>; find: RawBuilder<unknown> } | null> {
  const words = [...new Set(text.toLowerCase().match(/[a-z0-9]{2,}/g) ?? [])].slice(0, 40);
  if (words.length === 0) return null;
  const rank = sql`to_tsquery('english', ${words.map((w) => `'${w}'`).join(' | ')})`;
  const { rows } = await sql<{ lexeme: string; share: number | null }>`
    select t.lexeme, s.share from unnest(to_tsvector('english', ${words.join(' ')})) t
    left join (
      select unnest(most_common_elems::text::text[]) as lexeme, unnest(most_common_elem_freqs) as share
      from pg_stats where schemaname = current_schema() and tablename = 'knowledge_entry' and attname = 'search'
    ) s using (lexeme)`.execute(db);
  if (rows.length === 0) return null; // only stop words
  const informative = rows.filter((r) => (r.share ?? 0) <= COMMON_WORD_SHARE);
  if (informative.length === 0 || informative.length === rows.length) return { rank, find: rank };
  // Lexemes are already normalised: cast them as tsquery literals (quotes and backslashes escaped), not re-parsed.
  const literal = informative.map((r) => `'${r.lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' | ');
  return { rank, find: sql`${literal}::tsquery` };
}
