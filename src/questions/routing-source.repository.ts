import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/database.js';
import { expertiseFromHistory } from '../routing/expertise.js';
import { DEFAULT_ROUTING_PARAMS } from '../routing/params.js';
import type { AnswerRecord, CandidateFeatures, RoutingQuestion } from '../routing/routing.js';
import type { RoutingSource } from '../routing/source.js';
import { tokenize } from '../routing/text.js';
import { MemberTextIndex } from '../routing/text-index.js';
import type { MemberProfile, MemberProfileCache } from './member-profile-cache.js';

/** How far back answers and activity feed the router: older evidence has decayed to almost nothing anyway. */
const HISTORY_DAYS = 365;

/** How many members each live shortlist source contributes (see PostgresRoutingSource.#pool). */
const SHORTLIST = { perTag: 400, recent: 300, busiest: 200, similarQuestions: 200 } as const;

/**
 * The router's data interface over PostgreSQL: every known member of the workspace who has declared or earned
 * expertise, or been active in the community, with the features the scoring module reads. The text index is built
 * from the titles of the questions each candidate answered.
 *
 * Features are as of `question.askedAt`: /ask passes now, and the nightly training (router-training.ts) passes each
 * past question's ask time, so nothing written after it (answers, acceptances, activity, routings) may leak in —
 * the learned model must see at training time exactly what /ask sees. Membership, availability, declared tags and
 * penalties are only stored as they are today.
 */
export class PostgresRoutingSource implements RoutingSource {
  #textIndex: MemberTextIndex | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly scope: {
      teamId: string;
      communityId: number;
      channelMembers: Set<string> | null;
      /** True for /ask (features as of now): the member rows' maintained summaries replace log scans. */
      live?: boolean;
      /** Live only: the worker's profiles from earlier routings, reused while a member's answers are unchanged. */
      profiles?: MemberProfileCache;
    },
  ) {}

  textSimilarity(): MemberTextIndex | undefined {
    return this.#textIndex;
  }

  async candidatesFor(question: RoutingQuestion): Promise<CandidateFeatures[]> {
    const { teamId } = this.scope;
    const since = new Date(question.askedAt.getTime() - HISTORY_DAYS * 86_400_000);
    const members = await this.#pool(since, question.askedAt, question);
    const pool = this.scope.channelMembers ? members.filter((m) => this.scope.channelMembers?.has(m.user_id)) : members;
    if (pool.length === 0) return [];
    // One JSON parameter, not one parameter per member, joined as a relation: the planner hashes it (or probes an
    // index per member) instead of comparing every row with every id, and 10k candidates stay one small query.
    // JSON rather than a text[] parameter or result: node-postgres builds and parses arrays character by character,
    // which was the largest share of the route's allocations; JSON is encoded and decoded natively.
    const ids = sql`json_array_elements_text(${JSON.stringify(pool.map((m) => m.user_id))}::json)`;
    const weekAgo = new Date(question.askedAt.getTime() - 7 * 86_400_000);

    const [expertise, profiles, routings, activity] = await Promise.all([
      // Only what the pool uses, one row per member: declared tags and "not my area" penalties (earned rows are
      // rebuilt from answers). Both penalty arrays are aggregated in the same pass, so they are in the same order.
      this.db
        .selectFrom('expertise')
        .select([
          'user_id',
          sql<string[] | null>`to_json(array_agg(tag) filter (where declared))`.as('declared'),
          sql<string[] | null>`to_json(array_agg(tag) filter (where penalty > 0))`.as('penalty_tags'),
          sql<number[] | null>`array_agg(penalty) filter (where penalty > 0)`.as('penalties'),
        ])
        .where('team_id', '=', teamId)
        .where(sql<boolean>`user_id in (select ${ids})`)
        .where((eb) => eb.or([eb('declared', '=', true), eb('penalty', '>', 0)]))
        .groupBy('user_id')
        .execute(),
      this.#answerProfiles(ids, since, question.askedAt),
      this.db
        .selectFrom('routing')
        .innerJoin('question', 'question.id', 'routing.question_id')
        .select([
          'routing.user_id',
          sql<number>`count(*) filter (where routing.status = 'pending' and question.status in ('open', 'answered'))`.as(
            'open',
          ),
          sql<number>`count(*) filter (where routing.routed_at >= ${weekAgo})`.as('week'),
          sql<Date>`max(routing.routed_at)`.as('last'),
        ])
        .where('routing.team_id', '=', teamId)
        .where(sql<boolean>`routing.user_id in (select ${ids})`)
        .where('routing.routed_at', '<=', question.askedAt)
        .groupBy('routing.user_id')
        .execute(),
      this.#lastActivity(ids, since, question.askedAt),
    ]);

    const textIndex = new MemberTextIndex();
    for (const [memberId, profile] of profiles)
      for (const tokens of profile.answeredTokens) textIndex.addAnsweredTokens(memberId, tokens);
    this.#textIndex = textIndex;
    const expertiseOf = new Map(expertise.map((e) => [e.user_id, e]));
    const loadOf = new Map(routings.map((r) => [r.user_id, r]));
    const lastActivityOf = new Map(activity.map((a) => [a.user_id, a.last]));

    return pool.map((m) => {
      const mine = expertiseOf.get(m.user_id);
      const load = loadOf.get(m.user_id);
      // The member row only holds the latest activity: usable when it is not after the ask time.
      const stored = m.last_active_at && m.last_active_at <= question.askedAt ? m.last_active_at : null;
      const logged = lastActivityOf.get(m.user_id) ?? null;
      const lastActive = stored && logged ? (stored > logged ? stored : logged) : (stored ?? logged);
      return {
        memberId: m.user_id,
        isBot: m.is_bot,
        deactivated: m.deactivated,
        optedOut: m.routing_opt_out,
        snoozedUntil: m.snoozed_until,
        declaredTags: mine?.declared ?? [],
        earned: profiles.get(m.user_id)?.earned ?? expertiseFromHistory([], DEFAULT_ROUTING_PARAMS),
        lastActiveAt: lastActive,
        openRoutedCount: Number(load?.open ?? 0),
        routedThisWeek: Number(load?.week ?? 0),
        weeklyCap: m.weekly_cap,
        lastRoutedAt: load?.last ?? null,
        tagPenalties: penaltiesOf(mine?.penalty_tags ?? [], mine?.penalties ?? []),
      };
    });
  }

  /**
   * Each pool member's profile (earned expertise and answered questions' tokens) from their answers in the window.
   * With a profile cache (live), one light query fingerprints every member's answers and only members whose answers
   * changed since their cached profile are read in full; without one (training), everyone is read.
   */
  async #answerProfiles(ids: RawBuilder<unknown>, since: Date, askedAt: Date): Promise<Map<string, MemberProfile>> {
    const { teamId, profiles: cache } = this.scope;
    const profiles = new Map<string, MemberProfile>();
    if (!cache || !this.scope.live) {
      for (const [memberId, rows] of await this.#answerRows(ids, since, askedAt))
        profiles.set(memberId, profileOf('', rows));
      return profiles;
    }
    const versions = await this.#answersFrom(since, askedAt)
      .select([
        'answer.user_id',
        // Changes with any answer added, deleted, accepted or aged out (ids only grow: a count and two sums of ids
        // cannot all stay the same when the set changes, short of deliberate collisions). Answered questions' titles
        // and tags are not part of it: both are final once the question is posted, before anyone answers.
        sql<string>`count(*) || ':' || sum(answer.id) || ':' || sum(answer.id::bigint * answer.id) || ':' ||
          coalesce(sum(answer.id) filter (where ${acceptedAsOf(askedAt)}), 0)`.as('version'),
      ])
      .where(sql<boolean>`answer.user_id in (select ${ids})`)
      .groupBy('answer.user_id')
      .execute();
    const stale: Array<{ user_id: string; version: string }> = [];
    for (const { user_id, version } of versions) {
      const cached = cache.get(teamId, user_id, version);
      if (cached) profiles.set(user_id, cached);
      else stale.push({ user_id, version });
    }
    if (stale.length > 0) {
      const staleIds = sql`json_array_elements_text(${JSON.stringify(stale.map((m) => m.user_id))}::json)`;
      const rows = await this.#answerRows(staleIds, since, askedAt);
      for (const { user_id, version } of stale) {
        const profile = profileOf(version, rows.get(user_id) ?? []);
        cache.set(teamId, user_id, profile);
        profiles.set(user_id, profile);
      }
    }
    return profiles;
  }

  /** Answers in the window, not deleted, on this workspace's questions (the base of both answer queries). */
  #answersFrom(since: Date, askedAt: Date) {
    return this.db
      .selectFrom('answer')
      .innerJoin('question', 'question.id', 'answer.question_id')
      .where('question.team_id', '=', this.scope.teamId)
      .where('answer.deleted_at', 'is', null)
      .where('answer.created_at', '>=', since)
      .where('answer.created_at', '<', askedAt);
  }

  /** The members' answers in the window, grouped by member. */
  async #answerRows(ids: RawBuilder<unknown>, since: Date, askedAt: Date): Promise<Map<string, AnswerRecord[]>> {
    const rows = await this.#answersFrom(since, askedAt)
      .select([
        'answer.user_id',
        'answer.created_at',
        sql<string[]>`to_json(question.tags)`.as('tags'),
        'question.title',
        sql<boolean>`${acceptedAsOf(askedAt)}`.as('accepted'),
      ])
      .where(sql<boolean>`answer.user_id in (select ${ids})`)
      .execute();
    const history = new Map<string, AnswerRecord[]>();
    for (const a of rows) {
      const list = history.get(a.user_id) ?? [];
      list.push({
        questionTags: a.tags,
        questionText: a.title,
        answeredAt: a.created_at,
        accepted: Boolean(a.accepted),
      });
      history.set(a.user_id, list);
    }
    return history;
  }

  /**
   * The candidate pool: workspace members with declared or earned expertise, or activity in the community in the
   * history window. Live (/ask), the pool is first narrowed in SQL to the members who can score at all — expertise
   * on the question's tags, answers to similar questions, the most recently active and the busiest answerers — so
   * ranking 10k members reads a few hundred rows, not every member's history. Everyone outside that set would score
   * near zero on every signal, and the best candidate of each signal (which normalises it) is inside it.
   */
  async #pool(since: Date, askedAt: Date, question: RoutingQuestion) {
    const { teamId, communityId, live } = this.scope;
    // Only the columns a candidate is built from: the rest (and their timestamps) would be parsed for nothing.
    const members = this.db
      .selectFrom('member')
      .select(['user_id', 'is_bot', 'deactivated', 'routing_opt_out', 'snoozed_until', 'weekly_cap', 'last_active_at'])
      .where('team_id', '=', teamId);
    if (live) {
      // The shortlist is the pool: every way to score (tags, similar answers, activity) is one of its sources.
      // It stays inside the query, so the pool's member rows come back in the same round trip.
      return members.where(sql<boolean>`user_id in (${this.#shortlist(question, since)})`).execute();
    }
    return members
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('expertise')
              .select('tag')
              .whereRef('expertise.user_id', '=', 'member.user_id')
              .where('expertise.team_id', '=', teamId),
          ),
          eb.exists(
            eb
              .selectFrom('activity_event')
              .select('id')
              .where('activity_event.team_id', '=', teamId)
              .whereRef('activity_event.user_id', '=', 'member.user_id')
              .where('activity_event.community_id', '=', communityId)
              .where('activity_event.occurred_at', '>=', since)
              .where('activity_event.occurred_at', '<=', askedAt),
          ),
        ]),
      )
      .execute();
  }

  /** The ids of the members worth scoring for a live question (see #pool), as a subquery. */
  #shortlist(question: RoutingQuestion, since: Date): RawBuilder<unknown> {
    const { teamId } = this.scope;
    // Expertise is stored as written: look for the question's tags, their canonical forms and every synonym of those.
    const synonyms = question.synonyms ?? {};
    const canonical = new Set(question.tags.map((tag) => synonyms[tag] ?? tag));
    const tags = [
      ...new Set([
        ...question.tags,
        ...canonical,
        ...Object.keys(synonyms).filter((s) => canonical.has(synonyms[s] ?? '')),
      ]),
    ];
    const words = [...new Set(question.text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? [])].slice(0, 30);
    const textQuery = words.length > 0 ? words.map((w) => `'${w}'`).join(' | ') : null;
    return sql`
      (SELECT user_id FROM expertise WHERE team_id = ${teamId} AND tag = any(${tags}::text[])
        ORDER BY accepted DESC, answers DESC, declared DESC LIMIT ${SHORTLIST.perTag})
      UNION
      (SELECT user_id FROM member WHERE team_id = ${teamId} AND last_active_at >= ${since}
        ORDER BY last_active_at DESC LIMIT ${SHORTLIST.recent})
      UNION
      (SELECT a.user_id FROM answer a JOIN question q ON q.id = a.question_id
        WHERE q.team_id = ${teamId} AND a.created_at >= ${since} AND a.deleted_at IS NULL
        GROUP BY a.user_id ORDER BY count(*) DESC LIMIT ${SHORTLIST.busiest})
      ${
        textQuery
          ? sql`UNION
      (SELECT a.user_id FROM answer a JOIN (
          SELECT id FROM question WHERE team_id = ${teamId} AND asked_at >= ${since}
            AND title_search @@ to_tsquery('english', ${textQuery})
          ORDER BY ts_rank(title_search, to_tsquery('english', ${textQuery})) DESC LIMIT ${SHORTLIST.similarQuestions}
        ) q ON q.id = a.question_id WHERE a.deleted_at IS NULL)`
          : sql``
      }`;
  }

  /** Each candidate's last activity in the community before the ask time; live, the member row already has it. */
  async #lastActivity(
    ids: ReturnType<typeof sql>,
    since: Date,
    askedAt: Date,
  ): Promise<Array<{ user_id: string; last: Date }>> {
    if (this.scope.live) return [];
    return this.db
      .selectFrom('activity_event')
      .select(['user_id', sql<Date>`max(occurred_at)`.as('last')])
      .where('team_id', '=', this.scope.teamId)
      .where('community_id', '=', this.scope.communityId)
      .where(sql<boolean>`user_id in (select ${ids})`)
      .where('occurred_at', '>=', since)
      .where('occurred_at', '<=', askedAt)
      .groupBy('user_id')
      .execute();
  }
}

/** An acceptance only counts once it happened (solved_at is set with accepted_answer_id). */
function acceptedAsOf(askedAt: Date): RawBuilder<boolean> {
  return sql<boolean>`question.accepted_answer_id = answer.id and question.solved_at <= ${askedAt}`;
}

/** A member's profile from their answers (in the order the query returned them, as expertiseFromHistory sorts by time). */
function profileOf(version: string, answers: readonly AnswerRecord[]): MemberProfile {
  return {
    version,
    earned: expertiseFromHistory(answers, DEFAULT_ROUTING_PARAMS),
    answeredTokens: answers.map((a) => tokenize(a.questionText)),
  };
}

/** tag → penalty (capped at 1), from the two arrays aggregated side by side. */
function penaltiesOf(tags: readonly string[], penalties: readonly number[]): Record<string, number> {
  const result: Record<string, number> = {};
  tags.forEach((tag, index) => {
    result[tag] = Math.min(1, penalties[index] ?? 0);
  });
  return result;
}
