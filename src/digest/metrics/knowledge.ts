import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ActivityWindow } from './activity-window.js';
import { hoursBefore, num, ratio } from './sql.js';
import type { KnowledgeMetrics, MetricWindow } from './types.js';

type Db = Kysely<Database>;
const DAY = 24;

/** E1–E3. Views and reuses come from the activity log (the bot only sees them where it serves the entry). */
export async function knowledgeMetrics(db: Db, w: MetricWindow, win: ActivityWindow): Promise<KnowledgeMetrics> {
  const t0 = w.end;
  const c = w.communityId;

  const created = await sql<{ n: number }>`
    select count(*) as n from knowledge_entry
    where community_id = ${c} and created_at >= ${w.start} and created_at < ${t0}`.execute(db);

  // E1 capture rate over answers accepted 7–14 days before t0, so each had its full 7 days to become an entry.
  // Questions resolved by an existing entry need no new one and are left out.
  const capture = await sql<{ accepted: number; captured: number }>`
    select count(*) as accepted,
           count(*) filter (where exists (
             select 1 from knowledge_entry k where k.question_id = q.id and k.created_at <= q.solved_at + interval '7 days'
           )) as captured
    from question q
    where q.community_id = ${c} and q.accepted_answer_id is not null and q.resolved_by_entry_id is null
      and q.solved_at >= ${hoursBefore(t0, 14 * DAY)} and q.solved_at < ${hoursBefore(t0, 7 * DAY)}`.execute(db);

  // "Knowledge not captured": answers accepted 7–35 days ago that still have no entry at t0.
  const uncaptured = await sql<{ n: number }>`
    select count(*) as n from question q
    where q.community_id = ${c} and q.accepted_answer_id is not null and q.resolved_by_entry_id is null
      and q.solved_at >= ${hoursBefore(t0, 35 * DAY)} and q.solved_at < ${hoursBefore(t0, 7 * DAY)}
      and not exists (select 1 from knowledge_entry k where k.question_id = q.id and k.created_at < ${t0})`.execute(db);

  const u = await win.totals();

  // E3 reuse rate: of the questions answered in the week (a first reply, or resolved by an entry), the share an
  // existing entry resolved.
  const reuse = await sql<{ answered: number; byEntry: number }>`
    select count(*) as answered,
           count(*) filter (where resolved_by_entry_id is not null and solved_at >= ${w.start} and solved_at < ${t0}) as "byEntry"
    from question
    where community_id = ${c}
      and ((first_response_at >= ${w.start} and first_response_at < ${t0})
        or (resolved_by_entry_id is not null and solved_at >= ${w.start} and solved_at < ${t0}))`.execute(db);

  const top = await sql<{ entry_id: number; title: string; n: number }>`
    select e.entry_id, k.title, count(*) as n from activity_event e join knowledge_entry k on k.id = e.entry_id
    where e.community_id = ${c} and e.kind = 'knowledge_reused' and e.occurred_at >= ${w.start} and e.occurred_at < ${t0}
    group by e.entry_id, k.title order by n desc, e.entry_id limit 1`.execute(db);

  const cap = capture.rows[0];
  const r = reuse.rows[0];
  const t = top.rows[0];
  return {
    entriesCreated: num(created.rows[0].n),
    captureRate: ratio(num(cap.captured), num(cap.accepted)),
    acceptedWithoutEntry: num(uncaptured.rows[0].n),
    views: u.views,
    distinctViewers: u.viewers,
    reuses: u.reuses,
    reuseRate: ratio(num(r.byEntry), num(r.answered)),
    topReused: t ? { entryId: t.entry_id, title: t.title, reuses: num(t.n) } : null,
  };
}
