import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { hoursBefore, human, num, ratio } from './sql.js';
import type { MetricWindow, StructureMetrics, TagCoverage } from './types.js';

type Db = Kysely<Database>;

/**
 * D1 (CHAOSS Contributor Absence Factor): the smallest number of people who together gave ≥50% of the answers.
 * `counts` must be sorted descending.
 */
export function absenceFactor(counts: number[]): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    sum += counts[i];
    if (sum * 2 >= total) return i + 1;
  }
  return counts.length;
}

/** Answers by answerer in [from, to): human answers to someone else's question, not deleted, most first. */
async function answersByPerson(db: Db, w: MetricWindow, from: Date, to: Date) {
  const result = await sql<{ user_id: string; n: number }>`
    select a.user_id, count(*) as n from answer a join question q on q.id = a.question_id
    where q.community_id = ${w.communityId} and a.deleted_at is null and a.user_id <> q.asker_id
      and a.created_at >= ${from} and a.created_at < ${to} and ${human('q.team_id', 'a.user_id')}
    group by a.user_id order by n desc, a.user_id`.execute(db);
  return result.rows.map((r) => ({ userId: r.user_id, n: num(r.n) }));
}

/** D1–D3. */
export async function structureMetrics(db: Db, w: MetricWindow): Promise<StructureMetrics> {
  const t0 = w.end;
  const since90 = hoursBefore(t0, 90 * 24);
  const since28 = hoursBefore(t0, 28 * 24);
  const [month, week] = await Promise.all([answersByPerson(db, w, since28, t0), answersByPerson(db, w, w.start, t0)]);
  const total28 = month.reduce((s, r) => s + r.n, 0);
  const totalWeek = week.reduce((s, r) => s + r.n, 0);

  // D2: per tag asked about in the last 90 days, who answered it (90 days) and who declared it.
  const tags = await sql<{ tag: string; q28: number; q90: number; answerers: number; declared: number }>`
    with asked as (
      select q.id, q.team_id, q.asker_id, q.asked_at, t.tag from question q cross join unnest(q.tags) as t(tag)
      where q.community_id = ${w.communityId} and q.asked_at >= ${since90} and q.asked_at < ${t0}
    )
    select s.tag,
           count(distinct s.id) filter (where s.asked_at >= ${since28}) as q28,
           count(distinct s.id) as q90,
           count(distinct a.user_id) as answerers,
           (select count(*) from expertise x where x.team_id = ${w.teamId} and x.tag = s.tag and x.declared
              and ${human('x.team_id', 'x.user_id')}) as declared
    from asked s
    left join answer a on a.question_id = s.id and a.user_id <> s.asker_id and a.deleted_at is null
      and a.created_at >= ${since90} and a.created_at < ${t0} and ${human('s.team_id', 'a.user_id')}
    group by s.tag order by q28 desc, s.tag`.execute(db);

  const routed = await sql<{ user_id: string; n: number }>`
    select r.user_id, count(*) as n from routing r join question q on q.id = r.question_id
    where q.community_id = ${w.communityId} and r.routed_at >= ${w.start} and r.routed_at < ${t0}
    group by r.user_id order by n desc, r.user_id limit 1`.execute(db);

  const coverage: TagCoverage[] = tags.rows.map((r) => ({
    tag: r.tag,
    questions28d: num(r.q28),
    questions90d: num(r.q90),
    answerers90d: num(r.answerers),
    declaredExperts: num(r.declared),
  }));
  const covered = coverage.filter((t) => t.answerers90d >= 2).length;
  return {
    answers28d: total28,
    absenceFactor: absenceFactor(month.map((r) => r.n)),
    topAnswererShare28d: month.length ? ratio(month[0].n, total28) : null,
    topAnswerer28d: month[0]?.userId ?? null,
    tags: coverage.slice(0, 30),
    coverage: ratio(covered, coverage.length),
    // A gap: asked about (≥2 questions in 28 days), yet nobody answered that tag in 90 days and nobody declared it.
    gaps: coverage
      .filter((t) => t.questions28d >= 2 && t.answerers90d === 0 && t.declaredExperts === 0)
      .map((t) => t.tag),
    maxRoutedToOne: num(routed.rows[0]?.n),
    mostRouted: routed.rows[0]?.user_id ?? null,
    answersInWeek: totalWeek,
    topAnswererWeekShare: week.length ? ratio(week[0].n, totalWeek) : null,
    topAnswererWeek: week[0]?.userId ?? null,
  };
}
