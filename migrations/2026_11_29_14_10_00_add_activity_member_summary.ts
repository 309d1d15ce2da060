import { type Kysely, sql } from 'kysely';

/**
 * What the weekly digest needs to know about a community's members beyond its recent window, kept on write
 * (docs/benchmarks.md, digest_ms).
 *
 * - `activity_member_summary`: one row per (community, user, team) that has an activity row, with the first event
 *   and the first contribution (a message, question, answer or knowledge entry) ever. The digest used to find the
 *   community's members with a loose index scan over its events (one descent per member, ~100 ms at 10k members)
 *   and a member's first contribution with a descent per new contributor; both are now one read of 10k small rows.
 *   Both columns are minimums, so the summary does not depend on the order events arrive in, and an event stored
 *   twice changes nothing (activity rows are deduplicated on source_key anyway; only inserted rows reach the
 *   trigger). It is kept by statement-level triggers on activity_event, so every writer (the batched recorder, bulk
 *   loads, tests) keeps it current with one aggregate per INSERT statement, not per row; a delete recomputes the
 *   pairs it touched, so the summary stays exact.
 * - A partial index of membership events (joins and leaves: ~8 % of the rows): the digest reads them apart from the
 *   member window, so the window aggregate no longer evaluates three membership aggregates on every event.
 */
/** "The row aliased `alias` is a contribution" (CONTRIBUTION_KINDS of src/digest/metrics/sql.ts, frozen here). */
const isContribution = (alias: string) =>
  sql.raw(`${alias}.kind in ('message', 'question_asked', 'answer_posted', 'knowledge_created')`);

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on the app's Database type
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table activity_member_summary (
    community_id integer not null,
    user_id text not null,
    team_id text not null,
    first_event_at timestamptz not null,
    first_contribution_at timestamptz,
    constraint activity_member_summary_pk primary key (community_id, user_id, team_id)
  )`.execute(db);

  // New pairs are inserted (DO NOTHING never locks an existing row); an existing pair is updated only when the
  // statement holds an earlier event than the one stored, which in-order ingest almost never does. Two statements,
  // so the update sees a pair a concurrent batch inserted and committed meanwhile; rows go in key order, so two
  // concurrent batches wait for each other instead of deadlocking.
  await sql`create function activity_member_summary_add() returns trigger language plpgsql as $$
    begin
      insert into activity_member_summary (community_id, user_id, team_id, first_event_at, first_contribution_at)
        select n.community_id, n.user_id, n.team_id, min(n.occurred_at), min(n.occurred_at) filter (where ${isContribution('n')})
        from new_events n group by n.community_id, n.user_id, n.team_id order by 1, 2, 3
        on conflict do nothing;
      update activity_member_summary s
        set first_event_at = least(s.first_event_at, b.first_event_at),
            first_contribution_at = least(s.first_contribution_at, b.first_contribution_at)
        from (
          select n.community_id, n.user_id, n.team_id, min(n.occurred_at) as first_event_at,
            min(n.occurred_at) filter (where ${isContribution('n')}) as first_contribution_at
          from new_events n group by n.community_id, n.user_id, n.team_id
        ) b
        where s.community_id = b.community_id and s.user_id = b.user_id and s.team_id = b.team_id
          and (b.first_event_at < s.first_event_at
            or b.first_contribution_at < coalesce(s.first_contribution_at, 'infinity'));
      return null;
    end $$`.execute(db);
  await sql`create trigger activity_member_summary_insert after insert on activity_event
    referencing new table as new_events for each statement execute function activity_member_summary_add()`.execute(db);

  // Deleting events (nothing does today) recomputes the pairs they belonged to from what is left.
  await sql`create function activity_member_summary_remove() returns trigger language plpgsql as $$
    begin
      delete from activity_member_summary s
        using (select distinct o.community_id, o.user_id, o.team_id from old_events o) t
        where s.community_id = t.community_id and s.user_id = t.user_id and s.team_id = t.team_id;
      insert into activity_member_summary (community_id, user_id, team_id, first_event_at, first_contribution_at)
        select e.community_id, e.user_id, e.team_id, min(e.occurred_at), min(e.occurred_at) filter (where ${isContribution('e')})
        from activity_event e
        join (select distinct o.community_id, o.user_id, o.team_id from old_events o) t
          on e.community_id = t.community_id and e.user_id = t.user_id and e.team_id = t.team_id
        group by e.community_id, e.user_id, e.team_id
        on conflict do nothing;
      return null;
    end $$`.execute(db);
  await sql`create trigger activity_member_summary_delete after delete on activity_event
    referencing old table as old_events for each statement execute function activity_member_summary_remove()`.execute(
    db,
  );
  await sql`create function activity_member_summary_clear() returns trigger language plpgsql as $$
    begin
      truncate activity_member_summary;
      return null;
    end $$`.execute(db);
  await sql`create trigger activity_member_summary_truncate after truncate on activity_event
    for each statement execute function activity_member_summary_clear()`.execute(db);

  // Backfill from the events already stored.
  await sql`insert into activity_member_summary (community_id, user_id, team_id, first_event_at, first_contribution_at)
    select e.community_id, e.user_id, e.team_id, min(e.occurred_at), min(e.occurred_at) filter (where ${isContribution('e')})
    from activity_event e group by e.community_id, e.user_id, e.team_id`.execute(db);

  await sql`create index activity_event_membership_index on activity_event (community_id, occurred_at)
    include (user_id, team_id, kind) where kind in ('member_joined', 'member_left')`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('activity_event_membership_index').ifExists().execute();
  await sql`drop trigger if exists activity_member_summary_truncate on activity_event`.execute(db);
  await sql`drop trigger if exists activity_member_summary_delete on activity_event`.execute(db);
  await sql`drop trigger if exists activity_member_summary_insert on activity_event`.execute(db);
  await sql`drop function if exists activity_member_summary_clear()`.execute(db);
  await sql`drop function if exists activity_member_summary_remove()`.execute(db);
  await sql`drop function if exists activity_member_summary_add()`.execute(db);
  await db.schema.dropTable('activity_member_summary').ifExists().execute();
}
