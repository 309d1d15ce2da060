import { type Kysely, sql } from 'kysely';

/**
 * `member_routing_version`: a number per user that changes whenever anything the router reads about them beside their
 * `member` row changes — declared tags and penalties (`expertise`), routings and their status (`routing`), answers
 * (`answer`), and the answered or routed questions' status, acceptance, title and tags (`question`). The worker keeps
 * each member's routing profile between /ask routings and reuses it while this number is unchanged, so a route reads
 * one small row per candidate instead of joining four tables for ~1,000 of them (docs/benchmarks.md, route_p95).
 *
 * How it stays exact and deadlock-free:
 * - Writers do not touch the version rows while they work. Statement-level triggers (one insert per statement) only
 *   note the users — or, for a question whose status, acceptance, title or tags changed, the question — in
 *   `member_routing_pending` (one row per statement), keyed by the writing transaction. Inserting there never waits.
 * - At commit, one deferred constraint trigger turns the transaction's notes into new version numbers, all users in
 *   user-id order: every transaction takes version-row locks last, after all its other locks, and in the same order,
 *   so two writers can wait for each other but never deadlock (a version row locked by an open transaction while it
 *   still had work to do was exactly that: a solve waiting on a routing row another writer held while waiting on the
 *   solve's version row).
 * - A noted question is expanded to its routed users and answerers at commit, after locking the question row FOR
 *   UPDATE: a routing or answer inserted concurrently (it holds a key-share lock on the question) is then either
 *   committed before the expansion sees it, or waits until the question's change is committed and bumps its own user.
 * - The number comes from a sequence, so a value is never reused: any change is a different number, whatever the
 *   order transactions commit in.
 * Keyed by user id alone: a bump in one workspace also invalidates the same user's profile in another, which only
 * costs a rebuild. A member without a row has had none of these writes since the table was created: version 0.
 * What changes with time alone (answers leaving the one-year window, routings leaving the week) is not a write; the
 * worker handles it from the times it keeps (src/questions/member-profile-cache.ts).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen and must not depend on the app's Database type
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence member_routing_version_seq`.execute(db);
  await sql`create table member_routing_version (
    user_id text primary key,
    version bigint not null
  )`.execute(db);
  // Notes of open transactions (emptied at their commit; unlogged: a crash ends those transactions anyway).
  // One row per noting statement (so one commit-time firing per statement, not per user it touched).
  await sql`create unlogged table member_routing_pending (
    xact bigint not null default txid_current(),
    user_ids text[],
    question_ids integer[]
  )`.execute(db);
  await sql`create index member_routing_pending_xact_index on member_routing_pending (xact)`.execute(db);

  // At commit: the transaction's users (and its questions' routed users and answerers), bumped in user-id order.
  // It fires for each note of the transaction; the first takes them all, the others find none.
  await sql`create function member_routing_version_commit() returns trigger language plpgsql as $$
    declare
      questions integer[];
    begin
      -- Only the transaction's first note finds any left (each note fires this; the first takes them all).
      if not exists (select 1 from member_routing_pending p where p.xact = txid_current()) then
        return null;
      end if;
      select array_agg(distinct q) into questions
        from member_routing_pending p, unnest(p.question_ids) q where p.xact = txid_current();
      if questions is not null then
        perform 1 from question q where q.id = any(questions) order by q.id for update;
      end if;
      insert into member_routing_version (user_id, version)
        select u.user_id, nextval('member_routing_version_seq') from (
          select distinct user_id from (
            select u as user_id from member_routing_pending p, unnest(p.user_ids) u where p.xact = txid_current()
            union all select r.user_id from routing r where r.question_id = any(questions)
            union all select a.user_id from answer a where a.question_id = any(questions)
          ) t where user_id is not null order by user_id
        ) u
        on conflict (user_id) do update set version = excluded.version;
      delete from member_routing_pending p where p.xact = txid_current();
      return null;
    end $$`.execute(db);
  await sql`create constraint trigger member_routing_pending_commit after insert on member_routing_pending
    deferrable initially deferred for each row execute function member_routing_version_commit()`.execute(db);

  // Noting the users a statement touched, from its transition tables.
  const note = (users: string) =>
    `insert into member_routing_pending (user_ids) select array_agg(distinct user_id) from (${users}) u
      where user_id is not null having count(*) > 0;`;
  for (const table of ['expertise', 'routing', 'answer']) {
    await sql
      .raw(`create function ${table}_routing_version_note() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then ${note('select user_id from new_rows')}
        elsif tg_op = 'UPDATE' then ${note('select user_id from new_rows union all select user_id from old_rows')}
        else ${note('select user_id from old_rows')}
        end if;
        return null;
      end $$`)
      .execute(db);
    for (const [event, referencing] of [
      ['insert', 'new table as new_rows'],
      ['update', 'old table as old_rows new table as new_rows'],
      ['delete', 'old table as old_rows'],
    ] as const) {
      await sql
        .raw(`create trigger ${table}_routing_version_${event} after ${event} on ${table}
          referencing ${referencing} for each statement execute function ${table}_routing_version_note()`)
        .execute(db);
    }
  }

  // A question's status decides whether its pending routings count as open load; its acceptance, title and tags
  // are part of its answerers' profiles. (Deleting a question deletes its answers and routings: their own triggers.)
  await sql`create function question_routing_version_note() returns trigger language plpgsql as $$
    begin
      insert into member_routing_pending (question_ids)
        select array_agg(n.id) from new_rows n join old_rows o on o.id = n.id
        where (n.status, n.accepted_answer_id, n.solved_at, n.title, n.tags)
          is distinct from (o.status, o.accepted_answer_id, o.solved_at, o.title, o.tags)
        having count(*) > 0;
      return null;
    end $$`.execute(db);
  await sql`create trigger question_routing_version_update after update on question
    referencing old table as old_rows new table as new_rows
    for each statement execute function question_routing_version_note()`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists question_routing_version_update on question`.execute(db);
  await sql`drop function if exists question_routing_version_note()`.execute(db);
  for (const table of ['expertise', 'routing', 'answer']) {
    for (const event of ['insert', 'update', 'delete'])
      await sql.raw(`drop trigger if exists ${table}_routing_version_${event} on ${table}`).execute(db);
    await sql.raw(`drop function if exists ${table}_routing_version_note()`).execute(db);
  }
  await db.schema.dropTable('member_routing_pending').ifExists().execute();
  await sql`drop function if exists member_routing_version_commit()`.execute(db);
  await db.schema.dropTable('member_routing_version').ifExists().execute();
  await sql`drop sequence if exists member_routing_version_seq`.execute(db);
}
