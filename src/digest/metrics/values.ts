import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ActivityWindow } from './activity-window.js';
import { hoursBefore, human, list, MEMBERSHIP_KINDS, num, ratio, THANKS_EMOJI } from './sql.js';
import type { MetricWindow, ValuesMetrics } from './types.js';

type Db = Kysely<Database>;

/**
 * F1 (appreciation and shout-outs) and F2 (welcome). A "thanks" is a 🙏 ✅ ✔️ 🎉 reaction by someone else on the
 * answer's message (thanks written in a reply cannot be seen: Praxis never reads message text).
 */
export async function valuesMetrics(db: Db, w: MetricWindow, win: ActivityWindow): Promise<ValuesMetrics> {
  const t0 = w.end;
  const c = w.communityId;

  const answersInWeek = sql<{
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

  const [answers, totals, welcome] = await Promise.all([answersInWeek, win.totals(), welcomes(db, w)]);

  const welcomed = num(welcome.welcomed);
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
  return {
    answersInWeek: total,
    thankedAnswers: thanked,
    appreciationRate: ratio(thanked, total),
    thanksGiven: totals.thanksGiven,
    topAnswerers: nameable.slice(0, 3).map((r) => ({ userId: r.user_id, answers: r.answers })),
    firstTimeAnswerers: nameable.filter((r) => r.first_time).map((r) => r.user_id),
    mostThanked: best && best.thanks > 0 ? { userId: best.user_id, thanks: best.thanks } : null,
    newcomerFirstPosts: num(welcome.posts),
    welcomed,
    welcomeRate: ratio(welcomed, num(welcome.posts)),
    neglectedNewcomers: welcome.neglected,
  };
}

/**
 * F2: a newcomer (joined in the last 28 days) whose first top-level post got a human reply within 24h, either in
 * its thread or, when the post was a question, as its first response. The joins are read from the partial index of
 * membership events, so this query does not wait for the activity window; each newcomer's first post is then one
 * index-only descent per (user, team) of theirs (activity_event_top_level_message_index; the teams come from
 * activity_member_summary, as the first post may be under any team of the user). Only the counts and the
 * neglected newcomers (first post unanswered and more than 24h old at t0, in order of posting) come back: ~6k rows
 * of posts cost the driver more than the statement's last step.
 */
async function welcomes(db: Db, w: MetricWindow) {
  const t0 = w.end;
  const since28 = hoursBefore(t0, 28 * 24);
  const r = await sql<{ posts: number; welcomed: number; neglected: string[] }>`
    with joined as (
      -- Each pair's first join of the last 28 days (kinds as literals: the partial index's predicate).
      select e.user_id, e.team_id, min(e.occurred_at) as joined_at from activity_event e
      where e.community_id = ${w.communityId} and e.kind in (${list(MEMBERSHIP_KINDS)}) and e.kind = 'member_joined'
        and e.occurred_at >= ${since28} and e.occurred_at < ${t0}
      group by e.user_id, e.team_id
    ), newcomer as (
      -- Per user, the pair that joined first (bots' joins too: the human filter applies to that pair).
      select distinct on (j.user_id) j.user_id, j.team_id, j.joined_at from joined j
      order by j.user_id, j.joined_at, j.team_id
    ), first_post as (
      select distinct on (x.user_id) x.user_id, p.channel_id, p.item_ts, p.occurred_at
      from newcomer x
      join activity_member_summary s on s.community_id = ${w.communityId} and s.user_id = x.user_id
      cross join lateral (
        select a.channel_id, a.item_ts, a.occurred_at from activity_event a
        where a.community_id = ${w.communityId} and a.user_id = s.user_id and a.team_id = s.team_id
          and a.kind = 'message' and not a.is_reply and a.occurred_at >= x.joined_at and a.occurred_at < ${t0}
        order by a.occurred_at limit 1) p
      where ${human('x.team_id', 'x.user_id')}
      order by x.user_id, p.occurred_at
    ), post as materialized (
      -- Materialized: the two aggregates below would otherwise each evaluate the look-ups.
      select f.user_id, f.occurred_at,
        exists (
          select 1 from question q where q.channel_id = f.channel_id and q.message_ts = f.item_ts
            and q.first_response_at <= f.occurred_at + interval '24 hours' and q.first_response_at < ${t0}
        ) or exists (
          select 1 from activity_event r where r.channel_id = f.channel_id and r.thread_ts = f.item_ts and r.kind = 'message'
            and r.user_id <> f.user_id and r.occurred_at <= f.occurred_at + interval '24 hours' and r.occurred_at < ${t0}
            and ${human('r.team_id', 'r.user_id')}
        ) as welcomed
      from first_post f
    )
    select count(*) as posts, count(*) filter (where p.welcomed) as welcomed,
      coalesce(json_agg(p.user_id order by p.occurred_at, p.user_id)
        filter (where not p.welcomed and p.occurred_at < ${hoursBefore(t0, 24)}), '[]') as neglected
    from post p`.execute(db);
  return r.rows[0];
}
