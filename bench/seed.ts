import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/database.js';
import type { SandboxChannel, SlackSandbox } from '../src/sandbox/index.js';
import { bulkLoad, inParallel } from './database.js';
import { KB_SENTENCES } from './words.js';

/** The seeded workspace: one community channel whose members exist both in the stand-in and in PostgreSQL. */
export interface World {
  teamId: string;
  channel: SandboxChannel;
  communityId: number;
  channelId: string;
  members: string[];
  tags: number;
}

type Db = Kysely<Database>;
// Seeding statements write in chunks, so no single statement holds gigabytes of WAL or runs for minutes.
const CHUNK = 100_000;

export async function createWorld(db: Db, sandbox: SlackSandbox, tags: number): Promise<World> {
  const teamId = sandbox.teamId;
  const coordinator = sandbox.addUser({ name: 'coordinator' });
  const channel = sandbox.addChannel({ name: 'bench-cop', members: [coordinator] });
  await db.insertInto('workspace').values({ team_id: teamId, name: 'bench', bot_user_id: sandbox.botUserId }).execute();
  const community = await db
    .insertInto('community')
    .values({
      team_id: teamId,
      name: 'bench-cop',
      created_by: coordinator.id,
      alert_thresholds: '{}',
      created_at: sql`now() - interval '400 days'`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('community_channel')
    .values({ channel_id: channel.id, community_id: community.id, team_id: teamId, is_private: false })
    .execute();
  await db
    .insertInto('community_coordinator')
    .values({ community_id: community.id, user_id: coordinator.id })
    .execute();
  await sql`insert into tag (community_id, name) select ${community.id}, 'tag' || g from generate_series(0, ${tags - 1}) g`.execute(
    db,
  );
  const world = { teamId, channel, communityId: community.id, channelId: channel.id, members: [coordinator.id], tags };
  await insertMembers(db, world, [coordinator.id]);
  return world;
}

/** Adds stand-in users (all in the community channel) until there are `target`, with expertise and answer history. */
export async function growMembers(db: Db, sandbox: SlackSandbox, world: World, target: number): Promise<void> {
  const added: string[] = [];
  for (let i = world.members.length; i < target; i++) added.push(sandbox.addUser({ name: `member${i}`, tz: 'UTC' }).id);
  if (added.length === 0) return;
  // The stand-in's channel record is live state: adding ids makes them members for conversations.members.
  for (const id of added) world.channel.members.add(id);
  world.members.push(...added);
  await insertMembers(db, world, added);
}

async function insertMembers(db: Db, world: World, ids: string[]): Promise<void> {
  const { teamId, communityId, channelId, tags } = world;
  await sql`insert into member (team_id, user_id, display_name, tz, last_active_at)
    select ${teamId}, u, u, 'UTC', now() - random() * interval '30 days' from unnest(${ids}::text[]) u`.execute(db);
  // Each member declares three tags; tag popularity is skewed, as in real communities.
  await sql`insert into expertise (team_id, user_id, tag, declared, declared_at)
    select ${teamId}, u, 'tag' || floor(${tags} * power(random(), 2))::int, true, now() - interval '60 days'
    from unnest(${ids}::text[]) u, generate_series(1, 3) k on conflict do nothing`.execute(db);
  // Answer history (one past question per two new members, answered once) feeds earned expertise and the text index.
  const base = await sql<{
    n: number;
    last: number;
  }>`select count(*)::int as n, coalesce(max(id), 0) as last from question`.execute(db);
  const lastQuestion = base.rows[0]?.last ?? 0;
  const n = Math.ceil(ids.length / 2);
  await sql`insert into question (team_id, community_id, channel_id, asker_id, title, tags, request_key, message_ts, status, asked_at)
    select ${teamId}, ${communityId}, ${channelId}, m[1 + floor(random() * cardinality(m))::int],
      'how to ' || t || ' with release ' || g, array[t], 'seed:' || (g + ${base.rows[0]?.n ?? 0}),
      (1600000000 + g + ${base.rows[0]?.n ?? 0})::text || '.000100', 'solved', now() - random() * interval '300 days'
    from (select ${ids}::text[] as m) p, generate_series(1, ${n}) g,
      lateral (select 'tag' || floor(${tags} * power(random(), 2))::int + g * 0 as t) tt`.execute(db);
  await sql`insert into answer (question_id, user_id, channel_id, message_ts, text, created_at)
    select q.id, m[1 + floor(random() * cardinality(m))::int], q.channel_id, q.message_ts || 'a', 'seeded answer', q.asked_at + interval '2 hours'
    from question q, (select ${ids}::text[] as m) p where q.request_key like 'seed:%' and not exists (select 1 from answer a where a.question_id = q.id)`.execute(
    db,
  );
  await sql`update question q set accepted_answer_id = a.id, first_response_at = a.created_at, solved_at = a.created_at
    from answer a where a.question_id = q.id and q.accepted_answer_id is null and random() < 0.6`.execute(db);
  // What the app writes beside each answer: earned expertise on the question's tags (addEarnedExpertise), which the
  // live routing shortlist reads; and each past question's routing to 3 members (closed once it was answered).
  await sql`insert into expertise (team_id, user_id, tag, answers, accepted, last_answer_at)
    select ${teamId}, a.user_id, t.tag, count(*), count(*) filter (where q.accepted_answer_id = a.id), max(a.created_at)
    from question q join answer a on a.question_id = q.id, unnest(q.tags) t(tag)
    where q.request_key like 'seed:%' and q.id > ${lastQuestion}
    group by a.user_id, t.tag
    on conflict (team_id, user_id, tag) do update set answers = expertise.answers + excluded.answers,
      accepted = expertise.accepted + excluded.accepted,
      last_answer_at = greatest(expertise.last_answer_at, excluded.last_answer_at)`.execute(db);
  await sql`insert into routing (question_id, team_id, user_id, score, reason, status, routed_at, acted_at)
    select q.id, ${teamId}, m[1 + floor(random() * cardinality(m))::int], 0.5, 'seed', 'closed', q.asked_at, q.asked_at + interval '2 hours'
    from question q, (select ${ids}::text[] as m) p, generate_series(1, 3) k
    where q.request_key like 'seed:%' and q.id > ${lastQuestion}
    on conflict do nothing`.execute(db);
  await sql`analyze member; analyze expertise; analyze question; analyze answer; analyze routing`.execute(db);
}

/** Grows the community's activity log to `target` rows: skewed users, a realistic mix of kinds, the last 120 days. */
export async function growActivity(
  db: Db,
  world: World,
  target: number,
  communityId = world.communityId,
  members = world.members,
): Promise<void> {
  const have = await countRows(db, 'activity_event', communityId);
  const missing = target - have;
  if (missing <= 0) return;
  await bulkLoad(db, 'activity_event', () =>
    insertActivityRows(db, world.teamId, communityId, world.channelId, members, missing),
  );
}

export async function insertActivityRows(
  db: Db,
  teamId: string,
  communityId: number,
  channelId: string,
  members: string[],
  count: number,
): Promise<void> {
  const chunks = Math.ceil(count / CHUNK);
  await inParallel(db, 2, async (lane, run) => {
    for (let c = lane; c < chunks; c += 2) {
      const rows = Math.min(CHUNK, count - c * CHUNK);
      await run(sql`insert into activity_event (team_id, community_id, channel_id, user_id, kind, occurred_at, is_reply, emoji, item_ts, thread_ts, target_user_id)
        select ${teamId}, ${communityId}, ${channelId}, r.u, r.kind, r.t, r.kind = 'message' and r.x < 0.35,
          case when r.kind = 'reaction_added' then (array['+1','pray','tada','eyes'])[1 + floor(r.x * 4)::int] end,
          extract(epoch from r.t)::bigint || '.' || lpad((g % 1000000)::text, 6, '0'),
          case when r.kind = 'message' and r.x < 0.35 then (extract(epoch from r.t)::bigint - 3600) || '.000001' end,
          case when r.kind = 'answer_accepted' then m[1 + floor(random() * cardinality(m))::int] end
        from (select ${members}::text[] as m) p, generate_series(1, ${rows}) g,
        lateral (select m[1 + floor(cardinality(m) * power(random(), 2))::int + g * 0] as u,
          (array['message','message','message','message','message','reaction_added','reaction_added','reaction_added',
                 'question_asked','answer_posted','member_joined','answer_accepted','knowledge_viewed'])[1 + floor(random() * 13)::int + g * 0] as kind,
          now() - random() * interval '120 days' + g * interval '0' as t, random() + g * 0 as x) r`);
    }
  });
}

/** Grows the knowledge base to `target` entries, written from a fixed pool of sentences with Zipf-like word use. */
export async function growKnowledge(db: Db, world: World, target: number): Promise<void> {
  const have = await countRows(db, 'knowledge_entry', world.communityId);
  const missing = target - have;
  if (missing <= 0) return;
  const author = world.members[0] as string;
  const chunks = Math.ceil(missing / CHUNK);
  await bulkLoad(db, 'knowledge_entry', () =>
    inParallel(db, 2, async (lane, run) => {
      for (let c = lane; c < chunks; c += 2) {
        const rows = Math.min(CHUNK, missing - c * CHUNK);
        await run(sql`insert into knowledge_entry (team_id, community_id, title, question, answer, tags, author_id, source_channel_id, visibility, created_at)
          select ${world.teamId}, ${world.communityId}, s[1 + floor(random() * n)::int],
            s[1 + floor(random() * n)::int], s[1 + floor(random() * n)::int],
            array['tag' || floor(${world.tags} * random())::int], ${author},
            case when random() < 0.05 then 'C' || lpad((g % 50)::text, 10, '0') else ${world.channelId} end,
            case when random() < 0.05 then 'private' else 'public' end, now() - random() * interval '700 days'
          from (select ${KB_SENTENCES}::text[] as s, cardinality(${KB_SENTENCES}::text[]) as n) p, generate_series(1, ${rows}) g`);
      }
    }),
  );
}

async function countRows(db: Db, table: 'activity_event' | 'knowledge_entry', communityId: number): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select count(*)::int as n from ${sql.table(table)} where community_id = ${communityId}`.execute(db);
  return r.rows[0]?.n ?? 0;
}
