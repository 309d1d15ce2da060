import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import type { Deps } from '../../../src/deps.js';
import { weeklyDigestProcessor } from '../../../src/digest/digest.processor.js';
import { DigestBusyError } from '../../../src/digest/digest.repository.js';
import type { JobContext } from '../../../src/jobs/job-types.js';
import { BlockKitValidator } from '../../../src/sandbox/block-kit.js';
import { testDatabaseUrl } from '../../helpers/test-env.js';
import { createFakeSlack } from './fake-slack.js';
import { type Fixture, seedFixture, T } from './fixture.js';

let db: Kysely<Database>;
const validator = new BlockKitValidator('/work/shared/slack-reference');
const noWait = { wait: async () => undefined };
// The scheduler names the job after its fire time: Mon 12 Jan 2026 09:00 UTC.
const FIRE = T('2026-01-12T09:00:00').getTime();
const ctx = (attempt = 0): JobContext => ({
  jobId: `repeat:digest:1:${FIRE}`,
  attemptsMade: attempt,
  attemptsStarted: attempt + 1,
  timestamp: FIRE - 7 * 86_400_000,
});

beforeAll(() => {
  db = createDatabase(testDatabaseUrl(), 6);
});
afterAll(async () => {
  await db.destroy();
});

async function setup(channel: boolean) {
  const f: Fixture = await seedFixture(db, `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`);
  if (channel)
    await db
      .updateTable('community')
      .set({ digest_channel_id: `CDIG${f.teamId}` })
      .where('id', '=', f.communityId)
      .execute();
  const slack = createFakeSlack();
  const deps = {
    db,
    slack: slack.client,
    logger: pino({ level: 'silent' }),
    now: () => new Date(FIRE + 1000),
  } as unknown as Deps;
  return { f, slack, deps };
}

describe('weekly digest processor', () => {
  it('posts the coordinator DM and the channel copy once, with the hand-computed numbers', async () => {
    const { f, slack, deps } = await setup(true);
    const run = weeklyDigestProcessor(deps, { throttle: noWait });
    const outcome = await run({ communityId: f.communityId }, ctx());
    expect(outcome).toMatchObject({ status: 'posted', posted: 2, recovered: 0 });
    expect(slack.messages.map((m) => m.channel)).toEqual([`D_${f.u.A}`, `CDIG${f.teamId}`]);
    const [dm, channel] = slack.messages;
    for (const m of slack.messages) expect(validator.validateMessage(m)).toEqual([]);
    // The week 5–11 Jan: 6 engaged members, energy 37 vs 5 the week before (see metrics.test.ts for the arithmetic).
    // Alerts (the community is 10 weeks old, past the baseline): q4 unanswered 84h > 72h; median TTFR 6h vs a
    // 4-week median of 1h (q0, the only earlier question) = +500% ≥ 50%; #rust asked twice with no answerer or
    // declared expert; K silent for 21 days after 7 active days. Nothing else trips → 4.
    expect(dm.text).toBe(
      '🌱 Data Eng CoP weekly pulse · 5–11 Jan: 6 engaged members, energy 37 (+640%), 4 need attention',
    );
    expect(
      dm.blocks
        .filter((b) => (b as { block_id?: string }).block_id?.match(/^alert_[a-z-]+$/))
        .map((b) => (b as { block_id: string }).block_id),
    ).toEqual(['alert_unanswered-backlog', 'alert_slow-response', 'alert_expertise-gap', 'alert_lapsing-core']);
    const dmText = JSON.stringify(dm.blocks);
    expect(dmText).toContain('*Engaged members*\\n6 ▲+3 🟢');
    expect(dmText).toContain('*Energy*\\n37 ▲640% 🟢');
    expect(dmText).toContain('*Median first response*\\n6h');
    expect(dmText).toContain(`"action_id":"digest_route","value":"${f.q.q4}"`);
    expect(dmText).toContain(`<@${f.u.E}>`); // lapsed: named for coordinators
    expect(dm.metadata?.event_payload).toMatchObject({ community_id: f.communityId, destination: `dm:${f.u.A}` });
    const channelText = JSON.stringify(channel.blocks);
    expect(channelText).not.toContain(f.u.E);
    expect(channelText).not.toContain(f.u.K);
    expect(channelText).not.toContain(f.u.O); // opted out of shout-outs
    expect(channelText).toContain(`<@${f.u.B}> (2)`); // top answerer shout-out
    // The chart was rendered, uploaded once and shown in both copies.
    expect(slack.uploads).toHaveLength(1);
    expect(slack.uploads[0].bytes).toBeGreaterThan(5000);
    expect(dmText).toContain('"slack_file":{"id":"F1"}');
    // A retry of the same job, and the next seconds-level fire on the same day, post nothing.
    expect(await run({ communityId: f.communityId }, ctx(1))).toMatchObject({ status: 'already-posted' });
    expect(slack.messages).toHaveLength(2);
    const row = await db
      .selectFrom('digest')
      .selectAll()
      .where('community_id', '=', f.communityId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('posted');
    expect(row.posts.map((p) => [p.destination, p.ts !== null])).toEqual([
      [`dm:${f.u.A}`, true],
      [`channel:CDIG${f.teamId}`, true],
    ]);
    const snapshot = await db
      .selectFrom('weekly_snapshot')
      .select('metrics')
      .where('community_id', '=', f.communityId)
      .where('week_start', '=', '2026-01-05')
      .executeTakeFirstOrThrow();
    expect(snapshot.metrics).toMatchObject({ energy: 37, engagedMembers: 6 });
  });

  it('two workers racing for the same digest post it once', async () => {
    const { f, slack, deps } = await setup(true);
    const a = weeklyDigestProcessor(deps, { throttle: noWait, chart: false });
    const b = weeklyDigestProcessor(deps, { throttle: noWait, chart: false });
    const results = await Promise.allSettled([
      a({ communityId: f.communityId }, ctx()),
      b({ communityId: f.communityId }, ctx()),
    ]);
    // One posts; the other either finds it posted or backs off with DigestBusyError (BullMQ retries it later).
    const posted = results.filter(
      (r) => r.status === 'fulfilled' && (r.value as { status: string }).status === 'posted',
    );
    expect(posted).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DigestBusyError);
    expect(await a({ communityId: f.communityId }, ctx(1))).toMatchObject({ status: 'already-posted' });
    expect(slack.messages).toHaveLength(2);
  });

  it('a worker that dies between posting and recording does not cause a second post on retry', async () => {
    const { f, slack, deps } = await setup(true);
    const run = weeklyDigestProcessor(deps, { throttle: noWait, chart: false });
    slack.state.failAfterPost = 1; // the DM reaches Slack, then the worker "dies"
    await expect(run({ communityId: f.communityId }, ctx())).rejects.toThrow('worker died');
    expect(slack.messages).toHaveLength(1);
    const retry = await run({ communityId: f.communityId }, ctx(1));
    // The retry found the DM by its metadata (digest id) in the conversation history and posted only the channel copy.
    expect(retry).toMatchObject({ status: 'posted', posted: 1, recovered: 1 });
    expect(slack.messages.map((m) => m.channel)).toEqual([`D_${f.u.A}`, `CDIG${f.teamId}`]);
  });

  it('skips an archived community', async () => {
    const { f, slack, deps } = await setup(false);
    await db.updateTable('community').set({ archived_at: new Date() }).where('id', '=', f.communityId).execute();
    expect(await weeklyDigestProcessor(deps, { throttle: noWait })({ communityId: f.communityId }, ctx())).toEqual({
      status: 'skipped',
      reason: 'archived',
    });
    expect(slack.messages).toEqual([]);
  });
});
