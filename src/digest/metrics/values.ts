import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { hoursBefore, human, list, num, ratio, THANKS_EMOJI } from './sql.js';
import type { MetricWindow, ValuesMetrics } from './types.js';

type Db = Kysely<Database>;

/**
 * F1 (appreciation and shout-outs) and F2 (welcome). A "thanks" is a 🙏 ✅ ✔️ 🎉 reaction by someone else on the
 * answer's message (thanks written in a reply cannot be seen: Praxis never reads message text).
 */
export async function valuesMetrics(db: Db, w: MetricWindow): Promise<ValuesMetrics> {
  const t0 = w.end;
  const c = w.communityId;

  const answers = await sql<{
    user_id: string;
    answers: number;
    thanked: number;
    thanks: number;
    first_time: boolean;
    opted_out: boolean;
  }>`
    with week as (
      select a.id, a.user_id, a.channel_id, a.message_ts, q.team_id from answer a join question q on q.id = a.question_id
      where q.community_id = ${c} and a.deleted_at is null and a.user_id <> q.asker_id
        and a.created_at >= ${w.start} and a.created_at < ${t0} and ${human('q.team_id', 'a.user_id')}
    ), thanks as (
      select wk.id, count(x.id) as n from week wk
      left join activity_event x on x.channel_id = wk.channel_id and x.item_ts = wk.message_ts
        and x.kind = 'reaction_added' and x.emoji in (${list(THANKS_EMOJI)}) and x.user_id <> wk.user_id
        and x.occurred_at < ${t0}
      group by wk.id
    )
    select wk.user_id, count(*) as answers, count(*) filter (where t.n > 0) as thanked, coalesce(sum(t.n), 0) as thanks,
           not exists (
             select 1 from answer p join question pq on pq.id = p.question_id
             where pq.community_id = ${c} and p.user_id = wk.user_id and p.deleted_at is null and p.created_at < ${w.start}
           ) as first_time,
           coalesce(bool_or(m.shoutout_opt_out), false) as opted_out
    from week wk join thanks t on t.id = wk.id
    left join member m on m.team_id = wk.team_id and m.user_id = wk.user_id
    group by wk.user_id order by answers desc, thanks desc, wk.user_id`.execute(db);

  const given = await sql<{ n: number }>`
    select count(*) as n from activity_event e
    where e.community_id = ${c} and e.kind = 'reaction_added' and e.emoji in (${list(THANKS_EMOJI)})
      and e.occurred_at >= ${w.start} and e.occurred_at < ${t0} and ${human('e.team_id', 'e.user_id')}`.execute(db);

  // F2: a newcomer (joined in the last 28 days) whose first top-level post got a human reply within 24h, either in
  // its thread or, when the post was a question, as its first response.
  const welcome = await sql<{ user_id: string; posted_at: Date; welcomed: boolean }>`
    with joins as (
      select e.user_id, e.team_id, min(e.occurred_at) as joined_at from activity_event e
      where e.community_id = ${c} and e.kind = 'member_joined'
        and e.occurred_at >= ${hoursBefore(t0, 28 * 24)} and e.occurred_at < ${t0}
      group by e.user_id, e.team_id
    ), first_post as (
      select distinct on (j.user_id) j.user_id, j.team_id, p.channel_id, p.item_ts, p.occurred_at
      from joins j join activity_event p on p.community_id = ${c} and p.user_id = j.user_id and p.kind = 'message'
        and not p.is_reply and p.occurred_at >= j.joined_at and p.occurred_at < ${t0}
      order by j.user_id, p.occurred_at
    )
    select f.user_id, f.occurred_at as posted_at,
      exists (
        select 1 from activity_event r where r.channel_id = f.channel_id and r.thread_ts = f.item_ts and r.kind = 'message'
          and r.user_id <> f.user_id and r.occurred_at <= f.occurred_at + interval '24 hours' and r.occurred_at < ${t0}
          and ${human('r.team_id', 'r.user_id')}
      ) or exists (
        select 1 from question q where q.channel_id = f.channel_id and q.message_ts = f.item_ts
          and q.first_response_at <= f.occurred_at + interval '24 hours' and q.first_response_at < ${t0}
      ) as welcomed
    from first_post f where ${human('f.team_id', 'f.user_id')}
    order by f.occurred_at`.execute(db);

  const rows = answers.rows.map((r) => ({
    ...r,
    answers: num(r.answers),
    thanked: num(r.thanked),
    thanks: num(r.thanks),
  }));
  const nameable = rows.filter((r) => !r.opted_out);
  const total = rows.reduce((s, r) => s + r.answers, 0);
  const thanked = rows.reduce((s, r) => s + r.thanked, 0);
  const best = [...nameable].sort((a, b) => b.thanks - a.thanks || a.user_id.localeCompare(b.user_id))[0];
  const dayAgo = hoursBefore(t0, 24).getTime();
  const welcomed = welcome.rows.filter((r) => r.welcomed).length;
  return {
    answersInWeek: total,
    thankedAnswers: thanked,
    appreciationRate: ratio(thanked, total),
    thanksGiven: num(given.rows[0].n),
    topAnswerers: nameable.slice(0, 3).map((r) => ({ userId: r.user_id, answers: r.answers })),
    firstTimeAnswerers: nameable.filter((r) => r.first_time).map((r) => r.user_id),
    mostThanked: best && best.thanks > 0 ? { userId: best.user_id, thanks: best.thanks } : null,
    newcomerFirstPosts: welcome.rows.length,
    welcomed,
    welcomeRate: ratio(welcomed, welcome.rows.length),
    neglectedNewcomers: welcome.rows
      .filter((r) => !r.welcomed && new Date(r.posted_at).getTime() < dayAgo)
      .map((r) => r.user_id),
  };
}
