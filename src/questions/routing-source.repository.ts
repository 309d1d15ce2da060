import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/database.js';
import { expertiseFromHistory } from '../routing/expertise.js';
import { DEFAULT_ROUTING_PARAMS } from '../routing/params.js';
import type { AnswerRecord, CandidateFeatures, RoutingQuestion } from '../routing/routing.js';
import type { RoutingSource } from '../routing/source.js';
import { tokenize } from '../routing/text.js';
import { PoolTextIndex, textDocumentOf } from '../routing/text-index.js';
import type { MemberProfile, MemberProfileCache } from './member-profile-cache.js';
import type { MemberRoster } from './member-roster.js';
import { membersWhere, type RosterMember } from './member-roster.repository.js';
import { ShortlistHints, shortlist, shortlistedIds, shortlistSources } from './routing-shortlist.js';

/** How far back answers and activity feed the router: older evidence has decayed to almost nothing anyway. */
const HISTORY_DAYS = 365;

/** Members whose profiles warmProfiles reads per round trip. */
const WARM_BATCH = 2_000;

/**
 * The router's data interface over PostgreSQL: every known member of the workspace who has declared or earned
 * expertise, or been active in the community, with the features the scoring module reads. The text index is built
 * from the titles of the questions each candidate answered.
 *
 * Features are as of `question.askedAt`: the nightly training (router-training.ts) passes each past question's ask
 * time, so nothing written after it (answers, acceptances, activity, routings) may leak in — the learned model must
 * see at training time exactly what /ask sees. /ask (live) reads what is stored, with no upper time bound: its ask
 * time is "now", and a row another process stamped a moment later (its clock, or a write committed while this route
 * runs) is part of now — and a profile cached under the version that write produced must hold it. Membership,
 * availability, declared tags and penalties are only stored as they are today.
 */
export class PostgresRoutingSource implements RoutingSource {
  #textIndex: PoolTextIndex | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly scope: {
      teamId: string;
      communityId: number;
      channelMembers: Set<string> | null;
      /** True for /ask (features as of now): the pool is shortlisted and the member rows' summaries are used. */
      live?: boolean;
      /** Live only: the worker's profiles from earlier routings, reused while the member's version is unchanged. */
      profiles?: MemberProfileCache;
      /** Live only: the worker's slow-moving shortlist inputs (read for this route alone when not given). */
      hints?: ShortlistHints;
      /** Live only: the worker's copy of the workspace's member rows (joined to the shortlist when not given). */
      roster?: MemberRoster;
    },
  ) {}

  textSimilarity(): PoolTextIndex | undefined {
    return this.#textIndex;
  }

  /**
   * Builds and caches the profile of every member the training pool holds (anyone with expertise or activity in the
   * window) whose cached one is missing or out of date, 2,000 members at a time; returns how many were built. The
   * route-question job runs it once per workspace in a worker's life, after its first routing there, so later routings
   * find every candidate's profile ready instead of reading the ones new to each question's shortlist.
   */
  async warmProfiles(now: Date): Promise<number> {
    if (!this.scope.profiles || !this.scope.live) return 0;
    const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
    const members = await this.#membersWhere(this.#anyHistory(since, now));
    let built = 0;
    for (let start = 0; start < members.length; start += WARM_BATCH) {
      built += (await this.#profiles(members.slice(start, start + WARM_BATCH), since, now)).built;
    }
    return built;
  }

  async candidatesFor(question: RoutingQuestion): Promise<CandidateFeatures[]> {
    const { askedAt } = question;
    const since = new Date(askedAt.getTime() - HISTORY_DAYS * 86_400_000);
    const weekAgo = askedAt.getTime() - 7 * 86_400_000;
    const members = await this.#members(since, question);
    const pool = this.scope.channelMembers ? members.filter((m) => this.scope.channelMembers?.has(m.user_id)) : members;
    if (pool.length === 0) return [];
    const [{ profiles }, activity] = await Promise.all([
      this.#profiles(pool, since, askedAt),
      this.#lastActivity(pool, since, askedAt),
    ]);

    const textIndex = new PoolTextIndex();
    pool.forEach((m, i) => {
      const document = profiles[i]?.text;
      if (document) textIndex.add(m.user_id, document);
    });
    this.#textIndex = textIndex;
    const lastActivityOf = new Map(activity.map((a) => [a.user_id, a.last.getTime()]));

    // ~1,000 candidates per /ask: built in one pass with plain loops, no intermediate objects.
    const asked = askedAt.getTime();
    return pool.map((m, i) => {
      const profile = profiles[i] as MemberProfile; // #profiles returns one for every pool member, in pool order
      // The member row only holds the latest activity: usable when it is not after the ask time.
      const stored = m.last_active_ms !== null && m.last_active_ms <= asked ? m.last_active_ms : null;
      const logged = lastActivityOf.get(m.user_id) ?? null;
      const lastActive = stored !== null && logged !== null ? Math.max(stored, logged) : (stored ?? logged);
      let routedThisWeek = 0;
      for (const at of profile.recentRoutings) if (at >= weekAgo) routedThisWeek += 1;
      return {
        memberId: m.user_id,
        isBot: m.is_bot,
        deactivated: m.deactivated,
        optedOut: m.routing_opt_out,
        snoozedUntil: dateOf(m.snoozed_ms),
        declaredTags: profile.declaredTags,
        earned: profile.earned,
        lastActiveAt: dateOf(lastActive),
        openRoutedCount: profile.openRoutedCount,
        routedThisWeek,
        weeklyCap: m.weekly_cap,
        lastRoutedAt: profile.lastRoutedAt,
        tagPenalties: profile.tagPenalties,
      };
    });
  }

  /**
   * The pool's member rows (only the columns a candidate is built from) and each member's routing version. Live, the
   * pool is the shortlist: its ids come from SQL and their rows from the worker's roster, brought up to date beside
   * it (without a roster, the rows are joined in the same query); for training it is everyone with expertise or
   * activity.
   */
  async #members(since: Date, question: RoutingQuestion): Promise<PoolMember[]> {
    const { teamId, live, roster } = this.scope;
    if (!live) return this.#membersWhere(this.#anyHistory(since, question.askedAt));
    const hints = await (this.scope.hints ?? new ShortlistHints()).for(this.db, teamId, since);
    if (!roster) return this.#membersWhere(sql<boolean>`m.user_id in (${shortlist(teamId, question, since, hints)})`);
    const [ids, members] = await Promise.all([
      shortlistedIds(this.db, shortlistSources(teamId, question, since, hints)),
      roster.current(teamId),
    ]);
    const rows: PoolMember[] = [];
    for (const id of ids) {
      const member = members.get(id); // an id with no member row in the workspace is no candidate (as in the join)
      if (member) rows.push(member);
    }
    return rows;
  }

  /** The member rows and versions of the workspace's members that match `pool`. */
  #membersWhere(pool: RawBuilder<boolean>): Promise<PoolMember[]> {
    return membersWhere(this.db, this.scope.teamId, pool);
  }

  /** Training's pool: members with any expertise, or activity in the community in the history window. */
  #anyHistory(since: Date, askedAt: Date): RawBuilder<boolean> {
    return sql<boolean>`(exists (select 1 from expertise x where x.team_id = m.team_id and x.user_id = m.user_id)
      or exists (select 1 from activity_event ae where ae.team_id = m.team_id and ae.user_id = m.user_id
        and ae.community_id = ${this.scope.communityId} and ae.occurred_at >= ${since} and ae.occurred_at <= ${askedAt}))`;
  }

  /**
   * Every pool member's profile, in pool order, and how many had to be read. With the worker's cache (live), a member
   * whose version and history window still match their cached profile reuses it, and only the others are read;
   * without one (training), everyone is read.
   */
  async #profiles(
    pool: readonly PoolMember[],
    since: Date,
    askedAt: Date,
  ): Promise<{ profiles: MemberProfile[]; built: number }> {
    const { teamId, profiles: cache } = this.scope;
    const cached = cache && this.scope.live ? cache : undefined;
    const profiles: Array<MemberProfile | undefined> = pool.map((m) =>
      cached?.get(teamId, m.user_id, m.version, askedAt, since),
    );
    const stale = pool.filter((_, i) => profiles[i] === undefined);
    if (stale.length > 0) {
      // Read after the versions: a write in between leaves data newer than the version it is cached under, which
      // only means the next route rebuilds it — never a profile older than its version.
      const [details, answers] = await Promise.all([
        this.#details(stale, askedAt),
        this.#answerRows(stale, since, askedAt),
      ]);
      const detailsOf = new Map(details.map((d) => [d.user_id, d]));
      pool.forEach((member, i) => {
        if (profiles[i] !== undefined) return;
        const profile = profileOf(
          member.version,
          askedAt,
          answers.get(member.user_id) ?? [],
          detailsOf.get(member.user_id),
        );
        cached?.set(teamId, member.user_id, profile);
        profiles[i] = profile;
      });
    }
    return { profiles: profiles as MemberProfile[], built: stale.length };
  }

  /**
   * Declared tags, "not my area" penalties and routing load of the given members, one row each: per member, an
   * index probe into `expertise` and one into `routing` (LATERAL), so the cost follows the members asked for.
   */
  async #details(members: readonly PoolMember[], askedAt: Date): Promise<MemberDetails[]> {
    const weekAgo = new Date(askedAt.getTime() - 7 * 86_400_000);
    return this.db
      .selectFrom(sql<{ user_id: string }>`(select ${idsOf(members)} as user_id)`.as('m'))
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('expertise as e')
            // Both penalty arrays come from the same pass, so they are in the same order.
            .select([
              sql<string[] | null>`to_json(array_agg(e.tag) filter (where e.declared))`.as('declared'),
              sql<string[] | null>`to_json(array_agg(e.tag) filter (where e.penalty > 0))`.as('penalty_tags'),
              sql<number[] | null>`to_json(array_agg(e.penalty) filter (where e.penalty > 0))`.as('penalties'),
            ])
            .where('e.team_id', '=', this.scope.teamId)
            .whereRef('e.user_id', '=', 'm.user_id')
            .where((w) => w.or([w('e.declared', '=', true), w('e.penalty', '>', 0)]))
            .as('e'),
        (join) => join.onTrue(),
      )
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('routing as r')
            .innerJoin('question as rq', 'rq.id', 'r.question_id')
            .select([
              sql<number>`count(*) filter (where r.status = 'pending' and rq.status in ('open', 'answered'))`.as(
                'open_routed',
              ),
              // Epoch milliseconds: counted against the week at use, which may be later than now (cached).
              sql<number[] | null>`to_json(array_agg(extract(epoch from r.routed_at) * 1000)
                filter (where r.routed_at >= ${weekAgo}))`.as('recent_routings'),
              sql<Date | null>`max(r.routed_at)`.as('last_routed_at'),
            ])
            .where('r.team_id', '=', this.scope.teamId)
            .whereRef('r.user_id', '=', 'm.user_id')
            .$if(!this.scope.live, (qb) => qb.where('r.routed_at', '<=', askedAt))
            .as('r'),
        (join) => join.onTrue(),
      )
      .select([
        'm.user_id',
        'e.declared',
        'e.penalty_tags',
        'e.penalties',
        'r.open_routed',
        'r.recent_routings',
        'r.last_routed_at',
      ])
      .execute();
  }

  /** The members' answers in the window (not deleted, on this workspace's questions), grouped by member. */
  async #answerRows(members: readonly PoolMember[], since: Date, askedAt: Date): Promise<Map<string, AnswerRecord[]>> {
    const rows = await this.db
      .selectFrom('answer')
      .innerJoin('question', 'question.id', 'answer.question_id')
      .select([
        'answer.user_id',
        'answer.created_at',
        sql<string[]>`to_json(question.tags)`.as('tags'),
        'question.title',
        sql<boolean>`${acceptedAsOf(this.scope.live ? null : askedAt)}`.as('accepted'),
      ])
      .where(sql<boolean>`answer.user_id in (select ${idsOf(members)})`)
      .where('question.team_id', '=', this.scope.teamId)
      .where('answer.deleted_at', 'is', null)
      .where('answer.created_at', '>=', since)
      .$if(!this.scope.live, (qb) => qb.where('answer.created_at', '<', askedAt))
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

  /** Each candidate's last activity in the community before the ask time; live, the member row already has it. */
  async #lastActivity(
    members: readonly PoolMember[],
    since: Date,
    askedAt: Date,
  ): Promise<Array<{ user_id: string; last: Date }>> {
    if (this.scope.live) return [];
    return this.db
      .selectFrom('activity_event')
      .select(['user_id', sql<Date>`max(occurred_at)`.as('last')])
      .where('team_id', '=', this.scope.teamId)
      .where('community_id', '=', this.scope.communityId)
      .where(sql<boolean>`user_id in (select ${idsOf(members)})`)
      .where('occurred_at', '>=', since)
      .where('occurred_at', '<=', askedAt)
      .groupBy('user_id')
      .execute();
  }
}

/** A pool member's row: the member's own columns and their routing version. */
type PoolMember = RosterMember;

/** What #details reads per member; null where the member has no such rows. */
interface MemberDetails {
  user_id: string;
  declared: string[] | null;
  penalty_tags: string[] | null;
  penalties: number[] | null;
  open_routed: number | null;
  recent_routings: number[] | null;
  last_routed_at: Date | null;
}

/**
 * The members' ids as a relation for `user_id in (select …)`: one JSON parameter rather than one per member (the
 * planner hashes it or probes an index per member), and JSON rather than text[], which node-postgres builds
 * character by character.
 */
function idsOf(members: readonly PoolMember[]): RawBuilder<unknown> {
  return sql`json_array_elements_text(${JSON.stringify(members.map((m) => m.user_id))}::json)`;
}

/**
 * An acceptance only counts once it happened (solved_at is set with accepted_answer_id); live (null), every stored
 * acceptance counts (see candidatesFor: live reads are not bounded by the ask time).
 */
function acceptedAsOf(askedAt: Date | null): RawBuilder<boolean> {
  if (askedAt === null) return sql<boolean>`question.accepted_answer_id = answer.id`;
  return sql<boolean>`question.accepted_answer_id = answer.id and question.solved_at <= ${askedAt}`;
}

/** A member's profile from their answers (as expertiseFromHistory sorts them by time) and their other rows. */
function profileOf(
  version: number,
  askedAt: Date,
  answers: readonly AnswerRecord[],
  details?: MemberDetails,
): MemberProfile {
  let oldest: number | null = null;
  for (const a of answers) if (oldest === null || a.answeredAt.getTime() < oldest) oldest = a.answeredAt.getTime();
  return {
    version,
    builtAt: askedAt.getTime(),
    earned: expertiseFromHistory(answers, DEFAULT_ROUTING_PARAMS),
    text: textDocumentOf(answers.map((a) => tokenize(a.questionText))),
    oldestAnswerAt: oldest,
    declaredTags: details?.declared ?? [],
    tagPenalties: penaltiesOf(details?.penalty_tags ?? [], details?.penalties ?? []),
    openRoutedCount: Number(details?.open_routed ?? 0),
    lastRoutedAt: details?.last_routed_at ?? null,
    recentRoutings: details?.recent_routings ?? [],
  };
}

/** A Date of whole milliseconds, as one parsed from the timestamp's text would be; null stays null. */
function dateOf(epochMs: number | null): Date | null {
  return epochMs === null ? null : new Date(Math.floor(epochMs));
}

/** tag → penalty (capped at 1), from the two arrays aggregated side by side. */
function penaltiesOf(tags: readonly string[], penalties: readonly number[]): Record<string, number> {
  const result: Record<string, number> = {};
  tags.forEach((tag, index) => {
    result[tag] = Math.min(1, penalties[index] ?? 0);
  });
  return result;
}
