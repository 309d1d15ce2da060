import type { Kysely } from 'kysely';
import { type ActivityInput, insertActivity } from '../../../src/activity/activity.repository.js';
import type { Database } from '../../../src/db/database.js';

/**
 * A small hand-built community for the week Mon 5 Jan 2026 → Sun 11 Jan 2026 (UTC), t0 = Mon 12 Jan 00:00Z.
 * Every expected number in the tests is derived by hand from the rows below; the comments in the tests show the
 * arithmetic. Users are prefixed with a per-suite tag so parallel suites never collide.
 */
export interface Fixture {
  teamId: string;
  communityId: number;
  channelId: string;
  u: Record<'A' | 'B' | 'C' | 'D' | 'O' | 'N' | 'E' | 'L' | 'K' | 'BOT', string>;
  q: Record<'q0' | 'q1' | 'q2' | 'q3' | 'q4' | 'q5' | 'q6', number>;
  entries: { k0: number; k1: number };
}

export const T = (iso: string) => new Date(`${iso}Z`);

export async function seedFixture(db: Kysely<Database>, tag: string): Promise<Fixture> {
  const teamId = `T${tag}`;
  const channelId = `C${tag}`;
  const name = (s: string) => `U${tag}${s}`;
  const u = {
    A: name('A'),
    B: name('B'),
    C: name('C'),
    D: name('D'),
    O: name('O'),
    N: name('N'),
    E: name('E'),
    L: name('L'),
    K: name('K'),
    BOT: name('BOT'),
  };
  await db.insertInto('workspace').values({ team_id: teamId, name: 'fixture', bot_user_id: u.BOT }).execute();
  const community = await db
    .insertInto('community')
    .values({
      team_id: teamId,
      name: 'Data Eng CoP',
      created_by: u.A,
      created_at: T('2025-11-01T00:00:00'),
      alert_thresholds: '{}',
      digest_tz: 'UTC',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const c = community.id;
  await db
    .insertInto('community_channel')
    .values({ channel_id: channelId, community_id: c, team_id: teamId })
    .execute();
  await db.insertInto('community_coordinator').values({ community_id: c, user_id: u.A }).execute();
  await db
    .insertInto('member')
    .values(
      Object.entries(u).map(([key, id]) => ({
        team_id: teamId,
        user_id: id,
        display_name: key,
        tz: 'UTC',
        is_bot: key === 'BOT',
        shoutout_opt_out: key === 'O',
      })),
    )
    .execute();
  await db.insertInto('expertise').values({ team_id: teamId, user_id: u.D, tag: 'kafka', declared: true }).execute();

  const question = async (
    key: string,
    asker: string,
    askedAt: string,
    tags: string[],
    extra: Partial<{ first: string; responder: string; solved: string; status: 'open' | 'answered' | 'solved' }> = {},
  ) => {
    const row = await db
      .insertInto('question')
      .values({
        team_id: teamId,
        community_id: c,
        channel_id: channelId,
        asker_id: asker,
        title: `Question ${key} <about> & stuff`,
        tags,
        request_key: `${tag}:${key}`,
        message_ts: `${Date.parse(`${askedAt}Z`) / 1000}.000100`,
        asked_at: T(askedAt),
        first_response_at: extra.first ? T(extra.first) : null,
        first_responder_id: extra.responder ?? null,
        solved_at: extra.solved ? T(extra.solved) : null,
        status: extra.status ?? (extra.first ? 'answered' : 'open'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const q = {
    q0: await question('q0', u.A, '2025-12-20T09:00:00', ['postgres'], {
      first: '2025-12-20T10:00:00',
      responder: u.D,
      solved: '2025-12-30T09:00:00',
      status: 'solved',
    }),
    q1: await question('q1', u.A, '2026-01-05T10:00:00', ['postgres'], {
      first: '2026-01-05T12:00:00',
      responder: u.B,
      solved: '2026-01-06T10:00:00',
      status: 'solved',
    }),
    q2: await question('q2', u.A, '2026-01-06T09:00:00', ['postgres'], {
      first: '2026-01-06T15:00:00',
      responder: u.C,
    }),
    q3: await question('q3', u.A, '2026-01-07T08:00:00', ['kafka'], { first: '2026-01-08T08:00:00', responder: u.B }),
    q4: await question('q4', u.A, '2026-01-08T12:00:00', ['kafka']),
    q5: await question('q5', u.N, '2026-01-10T12:00:00', ['rust'], { solved: '2026-01-10T13:00:00', status: 'solved' }),
    q6: await question('q6', u.A, '2026-01-11T06:00:00', ['rust']),
  };
  const answer = async (qid: number, user: string, at: string, ts: string) =>
    (
      await db
        .insertInto('answer')
        .values({
          question_id: qid,
          user_id: user,
          channel_id: channelId,
          message_ts: ts,
          text: 'x',
          created_at: T(at),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const a0 = await answer(q.q0, u.D, '2025-12-20T10:00:00', '1766224800.000200');
  const a1 = await answer(q.q1, u.B, '2026-01-05T12:00:00', '1767614400.000200');
  await answer(q.q2, u.C, '2026-01-06T15:00:00', '1767711600.000200');
  await answer(q.q3, u.B, '2026-01-08T08:00:00', '1767859200.000200');
  await answer(q.q2, u.BOT, '2026-01-06T16:00:00', '1767715200.000200'); // a bot: never counted
  await answer(q.q2, u.A, '2026-01-06T17:00:00', '1767718800.000200'); // the asker: never counted
  await db.updateTable('question').set({ accepted_answer_id: a0 }).where('id', '=', q.q0).execute();
  await db.updateTable('question').set({ accepted_answer_id: a1 }).where('id', '=', q.q1).execute();

  const entry = async (qid: number | null, at: string, title: string) =>
    (
      await db
        .insertInto('knowledge_entry')
        .values({
          team_id: teamId,
          community_id: c,
          question_id: qid,
          title,
          answer: 'x',
          author_id: u.B,
          source_channel_id: channelId,
          created_at: T(at),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const k0 = await entry(q.q0, '2026-01-02T09:00:00', 'Vacuum tuning');
  const k1 = await entry(q.q1, '2026-01-07T09:00:00', 'Index bloat');
  await db.updateTable('question').set({ resolved_by_entry_id: k0 }).where('id', '=', q.q5).execute();

  await db
    .insertInto('routing')
    .values([
      { question_id: q.q1, team_id: teamId, user_id: u.B, routed_at: T('2026-01-05T10:05:00') },
      { question_id: q.q3, team_id: teamId, user_id: u.D, routed_at: T('2026-01-07T08:30:00') },
      { question_id: q.q3, team_id: teamId, user_id: u.B, routed_at: T('2026-01-07T08:30:00') },
    ])
    .execute();

  let n = 0;
  const ev = (
    user: string,
    kind: ActivityInput['kind'],
    at: string,
    extra: Partial<ActivityInput> = {},
  ): ActivityInput => ({
    teamId,
    communityId: c,
    channelId,
    userId: user,
    kind,
    occurredAt: T(at),
    sourceKey: `${tag}:${n++}`,
    ...extra,
  });
  const events: ActivityInput[] = [
    // Before the week.
    ev(u.L, 'member_joined', '2025-11-01T09:00:00'),
    ev(u.L, 'message', '2025-11-20T09:00:00'),
    ...[1, 2, 3, 4, 5, 6, 7].map((d) => ev(u.K, 'reaction_added', `2025-12-0${d}T09:00:00`, { emoji: 'eyes' })),
    ev(u.E, 'message', '2025-12-10T09:00:00'),
    ev(u.B, 'message', '2025-12-30T09:00:00'),
    ev(u.C, 'message', '2025-12-31T09:00:00'),
    ev(u.A, 'reaction_added', '2026-01-01T09:00:00', { emoji: 'eyes' }),
    // The week.
    ev(u.A, 'message', '2026-01-05T10:00:00', { itemTs: '1767607200.000100' }),
    ev(u.B, 'message', '2026-01-05T12:00:00', { isReply: true, threadTs: '1767607200.000100' }),
    ev(u.B, 'reaction_added', '2026-01-05T13:00:00', {
      emoji: 'white_check_mark',
      itemTs: '1767614400.000200',
      targetUserId: u.B,
    }),
    ev(u.C, 'reaction_added', '2026-01-06T09:00:00', { emoji: 'eyes', targetUserId: u.B }),
    ev(u.A, 'answer_accepted', '2026-01-06T10:00:00', { targetUserId: u.B, questionId: q.q1 }),
    ev(u.BOT, 'message', '2026-01-06T11:00:00'),
    ev(u.C, 'answer_posted', '2026-01-06T15:00:00', { questionId: q.q2 }),
    ev(u.N, 'member_joined', '2026-01-08T09:00:00'),
    ev(u.D, 'reaction_added', '2026-01-08T09:00:00', { emoji: 'pray', itemTs: '1767859200.000200', targetUserId: u.B }),
    ev(u.N, 'message', '2026-01-08T10:00:00', { itemTs: '1767866400.000100' }),
    ev(u.B, 'message', '2026-01-08T11:00:00', { isReply: true, threadTs: '1767866400.000100' }),
    ev(u.O, 'message', '2026-01-09T09:00:00'),
    ev(u.L, 'member_left', '2026-01-09T10:00:00'),
    ev(u.A, 'knowledge_viewed', '2026-01-09T11:00:00', { entryId: k1 }),
    ev(u.A, 'knowledge_viewed', '2026-01-09T12:00:00', { entryId: k1 }),
    ev(u.C, 'knowledge_viewed', '2026-01-09T13:00:00', { entryId: k1 }),
    ev(u.N, 'knowledge_reused', '2026-01-10T13:00:00', { entryId: k0, questionId: q.q5 }),
  ];
  await insertActivity(db, events);
  return { teamId, communityId: c, channelId, u, q, entries: { k0, k1 } };
}
