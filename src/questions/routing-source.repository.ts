import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.js';
import { expertiseFromHistory } from '../routing/expertise.js';
import { DEFAULT_ROUTING_PARAMS } from '../routing/params.js';
import type { AnswerRecord, CandidateFeatures, RoutingQuestion } from '../routing/routing.js';
import type { RoutingSource } from '../routing/source.js';
import { MemberTextIndex } from '../routing/text-index.js';

/** How far back answers and activity feed the router: older evidence has decayed to almost nothing anyway. */
const HISTORY_DAYS = 365;

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
    private readonly scope: { teamId: string; communityId: number; channelMembers: Set<string> | null },
  ) {}

  textSimilarity(): MemberTextIndex | undefined {
    return this.#textIndex;
  }

  async candidatesFor(question: RoutingQuestion): Promise<CandidateFeatures[]> {
    const { teamId, communityId } = this.scope;
    const since = new Date(question.askedAt.getTime() - HISTORY_DAYS * 86_400_000);
    const weekAgo = new Date(question.askedAt.getTime() - 7 * 86_400_000);
    const members = await this.db
      .selectFrom('member')
      .selectAll()
      .where('team_id', '=', teamId)
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
              .whereRef('activity_event.user_id', '=', 'member.user_id')
              .where('activity_event.community_id', '=', communityId)
              .where('activity_event.occurred_at', '>=', since),
          ),
        ]),
      )
      .execute();
    const pool = this.scope.channelMembers ? members.filter((m) => this.scope.channelMembers?.has(m.user_id)) : members;
    if (pool.length === 0) return [];
    const ids = pool.map((m) => m.user_id);

    const [expertise, answers, routings, activity] = await Promise.all([
      this.db.selectFrom('expertise').selectAll().where('team_id', '=', teamId).where('user_id', 'in', ids).execute(),
      this.db
        .selectFrom('answer')
        .innerJoin('question', 'question.id', 'answer.question_id')
        .select([
          'answer.user_id',
          'answer.created_at',
          'question.tags',
          'question.title',
          // An acceptance only counts once it happened (solved_at is set with accepted_answer_id).
          sql<boolean>`question.accepted_answer_id = answer.id and question.solved_at <= ${question.askedAt}`.as(
            'accepted',
          ),
        ])
        .where('question.team_id', '=', teamId)
        .where('answer.user_id', 'in', ids)
        .where('answer.deleted_at', 'is', null)
        .where('answer.created_at', '>=', since)
        .where('answer.created_at', '<', question.askedAt)
        .execute(),
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
        .where('routing.user_id', 'in', ids)
        .where('routing.routed_at', '<=', question.askedAt)
        .groupBy('routing.user_id')
        .execute(),
      this.db
        .selectFrom('activity_event')
        .select(['user_id', sql<Date>`max(occurred_at)`.as('last')])
        .where('community_id', '=', communityId)
        .where('user_id', 'in', ids)
        .where('occurred_at', '>=', since)
        .where('occurred_at', '<=', question.askedAt)
        .groupBy('user_id')
        .execute(),
    ]);

    const history = new Map<string, AnswerRecord[]>();
    const textIndex = new MemberTextIndex();
    for (const a of answers) {
      const list = history.get(a.user_id) ?? [];
      list.push({
        questionTags: a.tags,
        questionText: a.title,
        answeredAt: a.created_at,
        accepted: Boolean(a.accepted),
      });
      history.set(a.user_id, list);
      textIndex.addAnsweredQuestion(a.user_id, a.title);
    }
    this.#textIndex = textIndex;

    return pool.map((m) => {
      const mine = expertise.filter((e) => e.user_id === m.user_id);
      const load = routings.find((r) => r.user_id === m.user_id);
      // The member row only holds the latest activity: usable when it is not after the ask time.
      let lastActive: Date | null = m.last_active_at && m.last_active_at <= question.askedAt ? m.last_active_at : null;
      for (const row of activity) {
        if (row.user_id !== m.user_id) continue;
        if (!lastActive || row.last > lastActive) lastActive = row.last;
      }
      const answered = history.get(m.user_id) ?? [];
      return {
        memberId: m.user_id,
        isBot: m.is_bot,
        deactivated: m.deactivated,
        optedOut: m.routing_opt_out,
        snoozedUntil: m.snoozed_until,
        declaredTags: mine.filter((e) => e.declared).map((e) => e.tag),
        earned: expertiseFromHistory(answered, DEFAULT_ROUTING_PARAMS),
        lastActiveAt: lastActive,
        openRoutedCount: Number(load?.open ?? 0),
        routedThisWeek: Number(load?.week ?? 0),
        weeklyCap: m.weekly_cap,
        lastRoutedAt: load?.last ?? null,
        tagPenalties: Object.fromEntries(mine.filter((e) => e.penalty > 0).map((e) => [e.tag, Math.min(1, e.penalty)])),
      };
    });
  }
}
