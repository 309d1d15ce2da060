import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database, KnowledgeEntryTable, Visibility } from '../db/database.js';
import { anyWordQueries, CANDIDATES, candidateIds, planSources, visibleSql } from './search-candidates.js';

export type KnowledgeEntryRow = Selectable<KnowledgeEntryTable>;
type Db = Kysely<Database> | Transaction<Database>;

export interface NewKnowledgeEntry {
  teamId: string;
  communityId: number | null;
  questionId: number | null;
  title: string;
  question: string;
  answer: string;
  otherReplies: string;
  tags: string[];
  contributors: string[];
  authorId: string;
  answererId: string | null;
  sourceChannelId: string;
  sourceTs: string | null;
  permalink: string | null;
  visibility: Visibility;
  attribution?: string | null;
}

/** Inserts an entry. One entry per question: a second insert for the same question returns the existing one. */
export async function insertEntry(
  db: Db,
  e: NewKnowledgeEntry,
): Promise<{ entry: KnowledgeEntryRow; created: boolean }> {
  const inserted = await db
    .insertInto('knowledge_entry')
    .values({
      team_id: e.teamId,
      community_id: e.communityId,
      question_id: e.questionId,
      title: e.title,
      question: e.question,
      answer: e.answer,
      other_replies: e.otherReplies,
      tags: e.tags,
      contributors: e.contributors,
      author_id: e.authorId,
      answerer_id: e.answererId,
      source_channel_id: e.sourceChannelId,
      source_ts: e.sourceTs,
      permalink: e.permalink,
      visibility: e.visibility,
      attribution: e.attribution ?? null,
    })
    .onConflict((oc) => oc.column('question_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { entry: inserted, created: true };
  const existing = await db
    .selectFrom('knowledge_entry')
    .selectAll()
    .where('question_id', '=', e.questionId)
    .executeTakeFirstOrThrow();
  return { entry: existing, created: false };
}

export async function findEntry(db: Db, id: number): Promise<KnowledgeEntryRow | undefined> {
  return db.selectFrom('knowledge_entry').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Who may see which entries: public ones, plus private ones whose source channel is in this list. */
export interface VisibilityScope {
  teamId: string;
  privateChannelIds: string[];
}

export interface SearchHit {
  entry: KnowledgeEntryRow;
  rank: number;
  /** ts_headline snippet with matches wrapped in `**` markers (the caller escapes and converts to mrkdwn bold). */
  snippet: string;
}

/**
 * Ranked full-text search (web-search syntax, English stemming; title weighted over body) over live entries the
 * scope may see. `anyWord` switches to OR semantics — used for suggestions, where a question shares some words
 * with an entry rather than all of them. Ranks a bounded candidate set (see search-candidates.ts): exact when at most
 * ~50 entries match the title and the whole text each; for broader queries, title matches and the newest matches.
 */
export async function searchEntries(
  db: Db,
  scope: VisibilityScope,
  text: string,
  options: { limit: number; offset?: number; anyWord?: boolean; minRank?: number },
): Promise<SearchHit[]> {
  const queries = options.anyWord
    ? await anyWordQueries(db, text)
    : { rank: sql`websearch_to_tsquery('english', ${normaliseWebSearch(text)})`, find: null };
  if (queries === null) return [];
  const query = queries.rank;
  const find = queries.find ?? query;
  const offset = options.offset ?? 0;
  // The same candidates for every page while they suffice, so paging neither repeats nor skips an entry.
  const k = Math.max(CANDIDATES, offset + options.limit);
  const plans = await planSources(db, scope.teamId, find, k);
  const candidates = candidateIds(plans, find, k, visibleSql(scope.teamId, scope.privateChannelIds));
  const rank = sql<number>`ts_rank_cd(search, ${query}, 1)`;
  const rows = await db
    .selectFrom('knowledge_entry')
    .selectAll()
    .select(rank.as('rank'))
    .select(
      sql<string>`ts_headline('english', question || ' ' || answer, ${query}, 'StartSel=**,StopSel=**,MaxWords=30,MinWords=10,MaxFragments=2')`.as(
        'snippet',
      ),
    )
    .where(sql<boolean>`id in (${candidates})`)
    // Candidates come from `find` (and the title source from the title alone): every hit still matches the query.
    .where(sql<boolean>`search @@ ${query}`)
    .$if(options.minRank !== undefined, (qb) => qb.where(rank, '>=', options.minRank ?? 0))
    .orderBy('rank', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .offset(offset)
    .execute();
  return rows.map(({ rank: r, snippet, ...entry }) => ({ entry: entry as KnowledgeEntryRow, rank: r, snippet }));
}

/**
 * Web-search syntax treats `-word` as "without word", but it also reads a dash set off by spaces ("Minmax - choosing
 * the best move", a common title separator) as a negation, which then excludes the very entry being looked for. Only a
 * dash attached to a word negates; a free-standing one is punctuation.
 */
export function normaliseWebSearch(text: string): string {
  return text.replace(/(^|\s)[-–—]+(?=\s|$)/g, '$1');
}

/** Bumps one of the entry's counters (views, reuses, misses, helpful) and returns the new values. */
export async function incrementCounter(
  db: Db,
  id: number,
  counter: 'views' | 'reuses' | 'misses' | 'helpful',
): Promise<KnowledgeEntryRow | undefined> {
  return db
    .updateTable('knowledge_entry')
    .set((eb) => ({ [counter]: eb(counter, '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Live entries with no search words: the most reused first, then the newest, over what the scope may see. This is
 * what `/kb` alone lists.
 */
export async function listPopularEntries(
  db: Db,
  scope: VisibilityScope,
  options: { limit: number; offset?: number },
): Promise<KnowledgeEntryRow[]> {
  return db
    .selectFrom('knowledge_entry')
    .selectAll()
    .where('team_id', '=', scope.teamId)
    .where('retired_at', 'is', null)
    .where((eb) =>
      scope.privateChannelIds.length === 0
        ? eb('visibility', '=', 'public')
        : eb.or([eb('visibility', '=', 'public'), eb('source_channel_id', 'in', scope.privateChannelIds)]),
    )
    .orderBy('reuses', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .offset(options.offset ?? 0)
    .execute();
}

/** The source channels of the team's live private entries: the only channels whose membership a search must check. */
export async function privateSourceChannels(db: Db, teamId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('knowledge_entry')
    .select('source_channel_id')
    .distinct()
    .where('team_id', '=', teamId)
    .where('visibility', '=', 'private')
    .where('retired_at', 'is', null)
    .execute();
  return rows.map((r) => r.source_channel_id);
}
