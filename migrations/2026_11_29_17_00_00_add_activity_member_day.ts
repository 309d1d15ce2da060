import { type Kysely, sql } from 'kysely';

/**
 * Per-day, per-member rollups of the activity log, kept on write, so the weekly digest aggregates ~days × active
 * members rows instead of every event of its windows (docs/benchmarks.md, digest_ms).
 *
 * - `activity_member_summary` gains `pair_id`, a small integer naming its (community, user, team): the digest groups
 *   ~130k rollup rows by member, and hashing one integer costs half as much as hashing two text columns. It also
 *   gains `first_leave_at` (the pair's first member_left ever): a user none of whose pairs left before t0 cannot
 *   have left, so the digest's channel estimate looks up membership history only for users who did leave once.
 * - `activity_member_day`: one row per (community, UTC day, pair) with an event: the first and last engaged event,
 *   the last contribution, and the counters of the week totals (energy, messages, replies, reactions, joins, leaves,
 *   views, reuses, thanks). Every column is a minimum, a maximum or a sum, so a row does not depend on the order
 *   events arrive in or on how they are batched. Windows cut at UTC midnights read these rows only; a window cut
 *   elsewhere (a community's local midnight) reads the events of the days it cuts and these rows for the others.
 *   The primary key INCLUDEs every column, so the digest's reads are index-only: rows arrive in any day order (a
 *   bulk load, late events), and a range of days would otherwise touch most of the table's pages.
 *
 * Both tables are kept by the statement-level triggers of 2026_11_29_14_10_00, whose functions are replaced here:
 * an INSERT statement adds its new pairs, moves first times back when it holds earlier events, and upserts its
 * (day, pair) rows in key order (concurrent batches wait for each other instead of deadlocking); a DELETE or UPDATE
 * statement recomputes the pairs and days it touched from what is left, so both tables stay exact.
 *
 * The engaged, contribution and energy definitions are frozen copies of src/digest/metrics/sql.ts and energy.ts:
 * changing those needs a migration that replaces these functions and recomputes the rollup.
 */

const ENGAGED = `('message', 'reaction_added', 'question_asked', 'answer_posted', 'answer_accepted', 'knowledge_created')`;
const CONTRIBUTION = `('message', 'question_asked', 'answer_posted', 'knowledge_created')`;
const THANKS = `('pray', 'white_check_mark', 'heavy_check_mark', 'tada')`;

/** The UTC day of the row aliased `a`. */
const day = (a: string) => `(${a}.occurred_at at time zone 'UTC')::date`;

/** The rollup's columns, as aggregates over the event rows aliased `a` (B4 weights: ENERGY_WEIGHTS). */
const rollupAggregates = (a: string) => `
  min(${a}.occurred_at) filter (where ${a}.kind in ${ENGAGED}),
  max(${a}.occurred_at) filter (where ${a}.kind in ${ENGAGED}),
  max(${a}.occurred_at) filter (where ${a}.kind in ${CONTRIBUTION}),
  coalesce(sum(case
    when ${a}.kind = 'reaction_added' then 1
    when ${a}.kind = 'message' and ${a}.is_reply then 3
    when ${a}.kind = 'message' then 2
    when ${a}.kind = 'answer_posted' then 6
    when ${a}.kind = 'answer_accepted' then 2 + case when ${a}.target_user_id is not null then 8 else 0 end
    when ${a}.kind = 'knowledge_created' then 8
    when ${a}.kind = 'knowledge_reused' then 6
    when ${a}.kind = 'routing_accepted' then 4
    else 0 end), 0),
  count(*) filter (where ${a}.kind = 'message' and not ${a}.is_reply),
  count(*) filter (where ${a}.kind = 'message' and ${a}.is_reply),
  count(*) filter (where ${a}.kind = 'reaction_added'),
  count(*) filter (where ${a}.kind = 'member_joined'),
  count(*) filter (where ${a}.kind = 'member_left'),
  count(*) filter (where ${a}.kind = 'knowledge_viewed'),
  count(*) filter (where ${a}.kind = 'knowledge_reused'),
  count(*) filter (where ${a}.kind = 'reaction_added' and ${a}.emoji in ${THANKS})`;

const ROLLUP_COLUMNS = `community_id, day, pair_id, first_engaged_at, last_engaged_at, last_contribution_at, energy,
  messages, replies, reactions, joins, leaves, views, reuses, thanks`;

/** The summary's first times, as aggregates over the event rows aliased `a`. */
const summaryAggregates = (a: string) => `min(${a}.occurred_at) as first_event_at,
  min(${a}.occurred_at) filter (where ${a}.kind in ${CONTRIBUTION}) as first_contribution_at,
  min(${a}.occurred_at) filter (where ${a}.kind = 'member_left') as first_leave_at`;

/**
 * Recomputes every (pair, day) and pair that the events in `touched` (a query over the statement's transition
 * tables returning community_id, user_id, team_id, occurred_at) belong to, from the events left in activity_event.
 */
const recompute = (touched: string) => `
  -- Pairs that only an UPDATE brought in.
  insert into activity_member_summary (community_id, user_id, team_id, first_event_at, first_contribution_at, first_leave_at)
    select e.community_id, e.user_id, e.team_id, ${summaryAggregates('e')}
    from activity_event e join (select distinct community_id, user_id, team_id from (${touched}) t) p
      on e.community_id = p.community_id and e.user_id = p.user_id and e.team_id = p.team_id
    group by e.community_id, e.user_id, e.team_id order by 1, 2, 3
    on conflict do nothing;
  update activity_member_summary s
    set first_event_at = b.first_event_at, first_contribution_at = b.first_contribution_at, first_leave_at = b.first_leave_at
    from (
      select e.community_id, e.user_id, e.team_id, ${summaryAggregates('e')}
      from activity_event e join (select distinct community_id, user_id, team_id from (${touched}) t) p
        on e.community_id = p.community_id and e.user_id = p.user_id and e.team_id = p.team_id
      group by e.community_id, e.user_id, e.team_id
    ) b
    where s.community_id = b.community_id and s.user_id = b.user_id and s.team_id = b.team_id;
  delete from activity_member_day d
    using (select distinct t.community_id, ${day('t')} as day, s.pair_id from (${touched}) t
      join activity_member_summary s on s.community_id = t.community_id and s.user_id = t.user_id and s.team_id = t.team_id) k
    where d.community_id = k.community_id and d.day = k.day and d.pair_id = k.pair_id;
  insert into activity_member_day (${ROLLUP_COLUMNS})
    select e.community_id, ${day('e')}, k.pair_id, ${rollupAggregates('e')}
    from (select distinct t.community_id, t.user_id, t.team_id, ${day('t')} as day, s.pair_id from (${touched}) t
      join activity_member_summary s on s.community_id = t.community_id and s.user_id = t.user_id and s.team_id = t.team_id) k
    join activity_event e on e.community_id = k.community_id and e.user_id = k.user_id and e.team_id = k.team_id
      and e.occurred_at >= k.day::timestamp at time zone 'UTC' and e.occurred_at < (k.day + 1)::timestamp at time zone 'UTC'
    group by e.community_id, ${day('e')}, k.pair_id;
  delete from activity_member_summary s
    using (select distinct community_id, user_id, team_id from (${touched}) t) p
    where s.community_id = p.community_id and s.user_id = p.user_id and s.team_id = p.team_id
      and not exists (select 1 from activity_event e
        where e.community_id = s.community_id and e.user_id = s.user_id and e.team_id = s.team_id);`;

const touchedBy = (table: string) => `select community_id, user_id, team_id, occurred_at from ${table}`;

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on the app's Database type
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table activity_member_summary
    add column pair_id integer generated by default as identity,
    add column first_leave_at timestamptz`.execute(db);
  await sql`alter table activity_member_summary add constraint activity_member_summary_pair_unique unique (pair_id)`.execute(
    db,
  );
  await sql`update activity_member_summary s set first_leave_at = b.first_leave_at
    from (select community_id, user_id, team_id, min(occurred_at) as first_leave_at from activity_event
      where kind = 'member_left' group by community_id, user_id, team_id) b
    where s.community_id = b.community_id and s.user_id = b.user_id and s.team_id = b.team_id`.execute(db);

  await sql`create table activity_member_day (
    community_id integer not null,
    day date not null,
    pair_id integer not null,
    first_engaged_at timestamptz,
    last_engaged_at timestamptz,
    last_contribution_at timestamptz,
    energy integer not null,
    messages integer not null,
    replies integer not null,
    reactions integer not null,
    joins integer not null,
    leaves integer not null,
    views integer not null,
    reuses integer not null,
    thanks integer not null,
    constraint activity_member_day_pk primary key (community_id, day, pair_id)
      include (first_engaged_at, last_engaged_at, last_contribution_at, energy, messages, replies, reactions, joins,
        leaves, views, reuses, thanks)
  )`.execute(db);

  // New pairs only are inserted (an identity value is not spent on every batch's existing pairs; DO NOTHING covers a
  // concurrent batch inserting the same pair). The summary's update touches a pair only when the statement holds an
  // earlier event than the one stored, which in-order ingest almost never does. Existing rows are found with one
  // index probe per pair or member-day (scalar subqueries, which the planner keeps as probes): as joins, a 200-row
  // batch read the whole summary three times, which cost more than the rollup's own writes.
  await sql
    .raw(`create or replace function activity_member_summary_add() returns trigger language plpgsql as $$
    begin
      insert into activity_member_summary (community_id, user_id, team_id, first_event_at, first_contribution_at, first_leave_at)
        select g.* from (
          select n.community_id, n.user_id, n.team_id, ${summaryAggregates('n')}
          from new_events n group by n.community_id, n.user_id, n.team_id
        ) g
        where (select true from activity_member_summary s
          where s.community_id = g.community_id and s.user_id = g.user_id and s.team_id = g.team_id) is null
        order by 1, 2, 3
        on conflict do nothing;
      update activity_member_summary s
        set first_event_at = least(s.first_event_at, b.first_event_at),
            first_contribution_at = least(s.first_contribution_at, b.first_contribution_at),
            first_leave_at = least(s.first_leave_at, b.first_leave_at)
        from (
          select g.* from (
            select n.community_id, n.user_id, n.team_id, ${summaryAggregates('n')}
            from new_events n group by n.community_id, n.user_id, n.team_id
          ) g
          where (select true from activity_member_summary x
            where x.community_id = g.community_id and x.user_id = g.user_id and x.team_id = g.team_id
              and (g.first_event_at < x.first_event_at
                or g.first_contribution_at < coalesce(x.first_contribution_at, 'infinity')
                or g.first_leave_at < coalesce(x.first_leave_at, 'infinity')))
        ) b
        where s.community_id = b.community_id and s.user_id = b.user_id and s.team_id = b.team_id;
      insert into activity_member_day (${ROLLUP_COLUMNS})
        select g.community_id, g.day,
          (select s.pair_id from activity_member_summary s
            where s.community_id = g.community_id and s.user_id = g.user_id and s.team_id = g.team_id),
          g.first_engaged_at, g.last_engaged_at, g.last_contribution_at, g.energy, g.messages, g.replies, g.reactions,
          g.joins, g.leaves, g.views, g.reuses, g.thanks
        from (
          select n.community_id, ${day('n')}, n.user_id, n.team_id, ${rollupAggregates('n')}
          from new_events n group by 1, 2, 3, 4
        ) g (community_id, day, user_id, team_id, first_engaged_at, last_engaged_at, last_contribution_at, energy,
          messages, replies, reactions, joins, leaves, views, reuses, thanks)
        order by 1, 2, 3
        on conflict (community_id, day, pair_id) do update set
          first_engaged_at = least(activity_member_day.first_engaged_at, excluded.first_engaged_at),
          last_engaged_at = greatest(activity_member_day.last_engaged_at, excluded.last_engaged_at),
          last_contribution_at = greatest(activity_member_day.last_contribution_at, excluded.last_contribution_at),
          energy = activity_member_day.energy + excluded.energy,
          messages = activity_member_day.messages + excluded.messages,
          replies = activity_member_day.replies + excluded.replies,
          reactions = activity_member_day.reactions + excluded.reactions,
          joins = activity_member_day.joins + excluded.joins,
          leaves = activity_member_day.leaves + excluded.leaves,
          views = activity_member_day.views + excluded.views,
          reuses = activity_member_day.reuses + excluded.reuses,
          thanks = activity_member_day.thanks + excluded.thanks;
      return null;
    end $$`)
    .execute(db);

  await sql
    .raw(`create or replace function activity_member_summary_remove() returns trigger language plpgsql as $$
    begin
      ${recompute(touchedBy('old_events'))}
      return null;
    end $$`)
    .execute(db);
  // Nothing updates events today; if something does, the old and the new rows' pairs and days are recomputed.
  await sql
    .raw(`create function activity_member_summary_change() returns trigger language plpgsql as $$
    begin
      ${recompute(`${touchedBy('old_events')} union all ${touchedBy('new_events')}`)}
      return null;
    end $$`)
    .execute(db);
  await sql`create trigger activity_member_summary_update after update on activity_event
    referencing old table as old_events new table as new_events
    for each statement execute function activity_member_summary_change()`.execute(db);
  await sql`create or replace function activity_member_summary_clear() returns trigger language plpgsql as $$
    begin
      truncate activity_member_summary, activity_member_day;
      return null;
    end $$`.execute(db);

  // Backfill from the events already stored.
  await sql
    .raw(`insert into activity_member_day (${ROLLUP_COLUMNS})
    select e.community_id, ${day('e')}, s.pair_id, ${rollupAggregates('e')}
    from activity_event e
    join activity_member_summary s on s.community_id = e.community_id and s.user_id = e.user_id and s.team_id = e.team_id
    group by e.community_id, ${day('e')}, s.pair_id
    order by 1, 2, 3`)
    .execute(db);
  await sql`analyze activity_member_summary`.execute(db);
  await sql`analyze activity_member_day`.execute(db);
}

// The functions as 2026_11_29_14_10_00 defined them.
const ADD_BEFORE = `create or replace function activity_member_summary_add() returns trigger language plpgsql as $$
    begin
      insert into activity_member_summary (community_id, user_id, team_id, first_event_at, first_contribution_at)
        select n.community_id, n.user_id, n.team_id, min(n.occurred_at), min(n.occurred_at) filter (where n.kind in ${CONTRIBUTION})
        from new_events n group by n.community_id, n.user_id, n.team_id order by 1, 2, 3
        on conflict do nothing;
      update activity_member_summary s
        set first_event_at = least(s.first_event_at, b.first_event_at),
            first_contribution_at = least(s.first_contribution_at, b.first_contribution_at)
        from (
          select n.community_id, n.user_id, n.team_id, min(n.occurred_at) as first_event_at,
            min(n.occurred_at) filter (where n.kind in ${CONTRIBUTION}) as first_contribution_at
          from new_events n group by n.community_id, n.user_id, n.team_id
        ) b
        where s.community_id = b.community_id and s.user_id = b.user_id and s.team_id = b.team_id
          and (b.first_event_at < s.first_event_at
            or b.first_contribution_at < coalesce(s.first_contribution_at, 'infinity'));
      return null;
    end $$`;
const REMOVE_BEFORE = `create or replace function activity_member_summary_remove() returns trigger language plpgsql as $$
    begin
      delete from activity_member_summary s
        using (select distinct o.community_id, o.user_id, o.team_id from old_events o) t
        where s.community_id = t.community_id and s.user_id = t.user_id and s.team_id = t.team_id;
      insert into activity_member_summary (community_id, user_id, team_id, first_event_at, first_contribution_at)
        select e.community_id, e.user_id, e.team_id, min(e.occurred_at), min(e.occurred_at) filter (where e.kind in ${CONTRIBUTION})
        from activity_event e
        join (select distinct o.community_id, o.user_id, o.team_id from old_events o) t
          on e.community_id = t.community_id and e.user_id = t.user_id and e.team_id = t.team_id
        group by e.community_id, e.user_id, e.team_id
        on conflict do nothing;
      return null;
    end $$`;

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists activity_member_summary_update on activity_event`.execute(db);
  await sql`drop function if exists activity_member_summary_change()`.execute(db);
  await sql.raw(ADD_BEFORE).execute(db);
  await sql.raw(REMOVE_BEFORE).execute(db);
  await sql`create or replace function activity_member_summary_clear() returns trigger language plpgsql as $$
    begin
      truncate activity_member_summary;
      return null;
    end $$`.execute(db);
  await db.schema.dropTable('activity_member_day').ifExists().execute();
  await sql`alter table activity_member_summary drop column if exists first_leave_at, drop column if exists pair_id`.execute(
    db,
  );
}
