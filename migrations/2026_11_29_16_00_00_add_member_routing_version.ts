import { type Kysely, sql } from 'kysely';

/**
 * `member_routing_version`: a number per member that changes whenever anything the router reads about the member
 * beside their `member` row changes — declared tags and penalties (`expertise`), routings and their status
 * (`routing`), answers (`answer`), and the answered or routed questions' status, acceptance, title and tags
 * (`question`). The worker keeps each member's routing profile between /ask routings and reuses it while this number
 * is unchanged, so a route reads one small row per candidate instead of joining four tables for ~1,000 of them
 * (docs/benchmarks.md, route_p95).
 *
 * Keyed by user id alone: a bump in one workspace also invalidates the same user's profile in another, which only
 * costs a rebuild. A member without a row has had none of these writes since the table was created: version 0.
 * Kept by statement-level triggers (one upsert per statement, keys in order so concurrent writers wait for each other
 * instead of deadlocking). Each key takes a new value from a sequence, so a number is never reused.
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

  // The users a statement touched, as a query over its transition tables, per table and operation.
  const bump = (users: string) => `
    insert into member_routing_version (user_id, version)
      select user_id, nextval('member_routing_version_seq') from (select distinct user_id from (${users}) u
        where user_id is not null order by user_id) k
      on conflict (user_id) do update set version = excluded.version;`;
  const ownUsers = (table: string) => ({
    INSERT: `select user_id from new_rows`,
    UPDATE: `select user_id from new_rows union all select user_id from old_rows`,
    DELETE: `select user_id from old_rows`,
    table,
  });
  for (const { table, INSERT, UPDATE, DELETE } of [ownUsers('expertise'), ownUsers('routing'), ownUsers('answer')]) {
    await sql
      .raw(`create function ${table}_routing_version_bump() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then ${bump(INSERT)}
        elsif tg_op = 'UPDATE' then ${bump(UPDATE)}
        else ${bump(DELETE)}
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
          referencing ${referencing} for each statement execute function ${table}_routing_version_bump()`)
        .execute(db);
    }
  }

  // A question's status decides whether its pending routings count as open load; its acceptance, title and tags
  // are part of its answerers' profiles. (Deleting a question deletes its answers and routings: their own triggers.)
  await sql`create function question_routing_version_bump() returns trigger language plpgsql as $$
    begin
      ${sql.raw(
        bump(`select r.user_id from routing r join changed c on c.id = r.question_id
          union all select a.user_id from answer a join changed c on c.id = a.question_id`).replace(
          'insert into',
          `with changed as (select n.id from new_rows n join old_rows o on o.id = n.id
            where (n.status, n.accepted_answer_id, n.solved_at, n.title, n.tags)
              is distinct from (o.status, o.accepted_answer_id, o.solved_at, o.title, o.tags))
          insert into`,
        ),
      )}
      return null;
    end $$`.execute(db);
  await sql`create trigger question_routing_version_update after update on question
    referencing old table as old_rows new table as new_rows
    for each statement execute function question_routing_version_bump()`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists question_routing_version_update on question`.execute(db);
  await sql`drop function if exists question_routing_version_bump()`.execute(db);
  for (const table of ['expertise', 'routing', 'answer']) {
    for (const event of ['insert', 'update', 'delete'])
      await sql.raw(`drop trigger if exists ${table}_routing_version_${event} on ${table}`).execute(db);
    await sql.raw(`drop function if exists ${table}_routing_version_bump()`).execute(db);
  }
  await db.schema.dropTable('member_routing_version').ifExists().execute();
  await sql`drop sequence if exists member_routing_version_seq`.execute(db);
}
