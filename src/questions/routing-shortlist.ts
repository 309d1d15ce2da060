import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Deps } from '../deps.js';
import type { RoutingQuestion } from '../routing/routing.js';
import { synonymOf } from './tags.js';

/** How many members each live shortlist source contributes. */
const SHORTLIST = { perTag: 400, recent: 300, busiest: 200, similarQuestions: 200 } as const;

/** Share of question titles above which a word says little about similarity (left out when finding similar ones). */
const COMMON_WORD_SHARE = 0.05;

/** The shortlist's inputs that change slowly: see ShortlistHints. */
export interface ShortlistHintValues {
  busiest: readonly string[];
  commonTitleWords: readonly string[];
}

/**
 * Where the members worth scoring for a live question come from: members with expertise on the question's tags,
 * answerers of the most similar past questions, the most recently active (`queries`, each yielding `user_id` rows),
 * and the busiest answerers (`ids`, from `hints`). Everyone outside them would score near zero on every signal, and
 * the best candidate of each signal (which normalises it) is among them.
 */
export function shortlistSources(
  teamId: string,
  question: RoutingQuestion,
  since: Date,
  hints: ShortlistHintValues,
): { queries: RawBuilder<{ user_id: string }>[]; ids: readonly string[] } {
  // Expertise is stored as written: look for the question's tags, their canonical forms and every synonym of those.
  const synonyms = question.synonyms ?? {};
  const canonical = new Set(question.tags.map((tag) => synonymOf(synonyms, tag) ?? tag));
  const tags = [
    ...new Set([
      ...question.tags,
      ...canonical,
      ...Object.keys(synonyms).filter((s) => canonical.has(synonyms[s] as string)),
    ]),
  ];
  const words = [...new Set(question.text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? [])].slice(0, 30);
  const queries = [
    sql<{ user_id: string }>`(SELECT user_id FROM expertise WHERE team_id = ${teamId} AND tag = any(${tags}::text[])
      ORDER BY accepted DESC, answers DESC, declared DESC LIMIT ${SHORTLIST.perTag})`,
    sql<{ user_id: string }>`(SELECT user_id FROM member WHERE team_id = ${teamId} AND last_active_at >= ${since}
      ORDER BY last_active_at DESC LIMIT ${SHORTLIST.recent})`,
  ];
  if (words.length > 0) queries.push(similarQuestionAnswerers(teamId, words, since, hints.commonTitleWords));
  return { queries, ids: hints.busiest };
}

/** The shortlist as one subquery yielding `user_id` rows (distinct), for a query that joins it. */
export function shortlist(
  teamId: string,
  question: RoutingQuestion,
  since: Date,
  hints: ShortlistHintValues,
): RawBuilder<{ user_id: string }> {
  const { queries, ids } = shortlistSources(teamId, question, since, hints);
  return sql`${sql.join(queries, sql` UNION `)} UNION SELECT json_array_elements_text(${JSON.stringify(ids)}::json)`;
}

/**
 * The shortlist's ids, distinct, in source order. Each source is its own query, and they run at once on separate
 * connections: PostgreSQL runs one query on one core, so the three side by side take about as long as the slowest
 * instead of their sum (a route waits on them with nothing else to do). Each returns one JSON array: one row to
 * parse rather than hundreds.
 */
export async function shortlistedIds(
  db: Kysely<Database>,
  sources: { queries: readonly RawBuilder<{ user_id: string }>[]; ids: readonly string[] },
): Promise<string[]> {
  const lists = await Promise.all(
    sources.queries.map(async (query) => {
      const { rows } = await sql<{ ids: string[] }>`
        select coalesce(json_agg(user_id), '[]') as ids from ${query} as source`.execute(db);
      return rows[0]?.ids ?? [];
    }),
  );
  const ids = new Set<string>();
  for (const list of lists) for (const id of list) ids.add(id);
  for (const id of sources.ids) ids.add(id);
  return [...ids];
}

/**
 * Answerers of the past questions whose titles are most like the question's words. Ranking every title that shares
 * a common word ("release", "error") cost most of the shortlist once titles ran into thousands, and says little:
 * titles are found by the question's informative words — those in at most 5 % of titles (`commonTitleWords`) — and
 * ranked on all of them; all words are used to find only when every word is common or the informative ones match
 * no title.
 */
function similarQuestionAnswerers(
  teamId: string,
  words: string[],
  since: Date,
  commonTitleWords: readonly string[],
): RawBuilder<{ user_id: string }> {
  const rank = sql`to_tsquery('english', ${words.map((w) => `'${w}'`).join(' | ')})`;
  // Lexemes of [a-z0-9] words need no escaping inside a quoted tsquery literal. An InitPlan: computed once, and the
  // GIN index still serves the match.
  const find = sql`(SELECT coalesce(
        string_agg(quote_literal(lexeme), ' | ') FILTER (WHERE lexeme <> all(${[...commonTitleWords]}::text[])),
        string_agg(quote_literal(lexeme), ' | '))::tsquery
      FROM unnest(to_tsvector('english', ${words.join(' ')})))`;
  // When the informative words match no title (a typo, a name nobody used yet), all the words find them: decided
  // once (an InitPlan probing the GIN index), so the ranking query keeps its one plan.
  const inWindow = sql`team_id = ${teamId} AND asked_at >= ${since}`;
  const match = sql`(SELECT CASE WHEN EXISTS (SELECT 1 FROM question WHERE ${inWindow} AND title_search @@ ${find})
    THEN ${find} ELSE ${rank} END)`;
  return sql`(SELECT a.user_id FROM answer a JOIN (
      SELECT id FROM question WHERE ${inWindow} AND title_search @@ ${match}
      ORDER BY ts_rank(title_search, ${rank}) DESC LIMIT ${SHORTLIST.similarQuestions}
    ) q ON q.id = a.question_id WHERE a.deleted_at IS NULL)`;
}

/** How long the shortlist's slow-moving inputs are reused before they are read again. */
const HINTS_TTL_MS = 5 * 60_000;

/**
 * The live shortlist's two inputs that move slowly and cost most to compute per /ask: the workspace's busiest
 * answerers over the history window (an aggregate over every answer in it) and the words common to question titles
 * (from the planner's statistics of `question.title_search`, which change only when PostgreSQL re-analyses the
 * table). The worker reads each at most once per 5 minutes (per workspace for the busiest); they only decide who is
 * considered — every candidate's features are still read fresh — and a member who has just become busy is found by
 * the other sources (recent activity, tags, similar questions) meanwhile.
 */
export class ShortlistHints {
  readonly #busiest = new Map<string, { at: number; ids: readonly string[] }>();
  #common: { at: number; words: readonly string[] } | undefined;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs = HINTS_TTL_MS,
  ) {}

  async for(
    db: Kysely<Database>,
    teamId: string,
    since: Date,
  ): Promise<{ busiest: readonly string[]; commonTitleWords: readonly string[] }> {
    const [busiest, commonTitleWords] = await Promise.all([this.#busiestOf(db, teamId, since), this.#commonWords(db)]);
    return { busiest, commonTitleWords };
  }

  async #busiestOf(db: Kysely<Database>, teamId: string, since: Date): Promise<readonly string[]> {
    const kept = this.#busiest.get(teamId);
    if (kept && this.now() - kept.at < this.ttlMs) return kept.ids;
    const { rows } = await sql<{
      user_id: string;
    }>`SELECT a.user_id FROM answer a JOIN question q ON q.id = a.question_id
      WHERE q.team_id = ${teamId} AND a.created_at >= ${since} AND a.deleted_at IS NULL
      GROUP BY a.user_id ORDER BY count(*) DESC LIMIT ${SHORTLIST.busiest}`.execute(db);
    const ids = rows.map((r) => r.user_id);
    this.#busiest.set(teamId, { at: this.now(), ids });
    return ids;
  }

  async #commonWords(db: Kysely<Database>): Promise<readonly string[]> {
    if (this.#common && this.now() - this.#common.at < this.ttlMs) return this.#common.words;
    const { rows } = await sql<{ lexeme: string }>`SELECT lexeme FROM (
        SELECT unnest(most_common_elems::text::text[]) AS lexeme, unnest(most_common_elem_freqs) AS share
        FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'question' AND attname = 'title_search'
      ) s WHERE lexeme IS NOT NULL AND share > ${COMMON_WORD_SHARE}`.execute(db);
    const words = rows.map((r) => r.lexeme);
    this.#common = { at: this.now(), words };
    return words;
  }
}

const hintsByDeps = new WeakMap<Deps, ShortlistHints>();

/** The process's shortlist hints for these deps (one per worker, like its profile cache). */
export function shortlistHintsFor(deps: Deps): ShortlistHints {
  let hints = hintsByDeps.get(deps);
  if (!hints) {
    hints = new ShortlistHints(() => deps.now().getTime());
    hintsByDeps.set(deps, hints);
  }
  return hints;
}
