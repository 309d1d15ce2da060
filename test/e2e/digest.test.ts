import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ActivityInput } from '../../src/activity/activity.repository.js';
import { insertActivity } from '../../src/activity/activity.repository.js';
import { digestPeriod } from '../../src/digest/period.js';
import { syncDigestSchedule } from '../../src/digest/schedules.js';
import { createProcessors } from '../../src/jobs/processors.js';
import type { JobWorker } from '../../src/jobs/queues.js';
import { type Harness, startHarness } from '../helpers/app-harness.js';
import { eventually } from '../helpers/eventually.js';

/**
 * The weekly digest end to end: the real app, BullMQ (Redis) with two workers, PostgreSQL and the Slack stand-in.
 * The schedule fires every 2 seconds in a zone whose local date differs from UTC's right now, so the period can only
 * be right if the zone is honoured; every fire after the first must find the period already posted.
 */
describe('weekly digest through the Slack stand-in (two workers)', () => {
  let h: Harness;
  let second: JobWorker;
  let cora: { id: string };
  let alice: { id: string };
  let bob: { id: string };
  let channel: { id: string };
  let leads: { id: string };
  // Kiritimati (UTC+14) is a day ahead of UTC from 10:00 UTC; Pago Pago (UTC−11) a day behind before 11:00 UTC.
  const tz = new Date().getUTCHours() >= 10 ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';

  beforeAll(async () => {
    h = await startHarness({ queue: 'redis' });
    second = h.deps.queue.startWorker(createProcessors(h.deps));
    cora = h.sandbox.addUser({ name: 'cora' });
    alice = h.sandbox.addUser({ name: 'alice' });
    bob = h.sandbox.addUser({ name: 'bob' });
    channel = h.sandbox.addChannel({ name: 'data-cop', members: [cora, alice, bob] });
    leads = h.sandbox.addChannel({ name: 'cop-leads', members: [cora] });
    await h.sandbox.slashCommand({ user: cora, channel, command: '/cop', text: 'setup' });
    await h.sandbox.waitFor(() => h.sandbox.responseUrlPosts.find((p) => JSON.stringify(p).includes('is now the')));
  });
  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  it('posts once per period at the scheduled time in the community time zone, with the seeded numbers and the chart', async () => {
    const community = await h.deps.db.selectFrom('community').selectAll().executeTakeFirstOrThrow();
    const period = digestPeriod(new Date(), tz);
    expect(period.startDate).not.toBe(digestPeriod(new Date(), 'UTC').startDate);
    // Seed last (local) week: alice posts 3 messages (2 each), bob replies once (3) and reacts twice (1 each).
    // Energy = 3×2 + 3 + 2×1 = 11; engaged members = alice, bob = 2. A message just after the period must not count.
    const at = (hours: number) => new Date(period.start.getTime() + hours * 3_600_000);
    const ev = (
      user: string,
      kind: ActivityInput['kind'],
      hours: number,
      extra: Partial<ActivityInput> = {},
    ): ActivityInput => ({
      teamId: community.team_id,
      communityId: community.id,
      channelId: channel.id,
      userId: user,
      kind,
      occurredAt: at(hours),
      sourceKey: `e2e:${user}:${kind}:${hours}`,
      ...extra,
    });
    await insertActivity(h.deps.db, [
      ev(alice.id, 'message', 10),
      ev(alice.id, 'message', 30),
      ev(alice.id, 'message', 50),
      ev(bob.id, 'message', 11, { isReply: true }),
      ev(bob.id, 'reaction_added', 12, { emoji: 'eyes' }),
      ev(bob.id, 'reaction_added', 60, { emoji: 'eyes' }),
      ev(alice.id, 'message', 7 * 24 + 1), // after the period
    ]);
    await h.deps.db
      .updateTable('community')
      .set({ digest_cron: '*/2 * * * * *', digest_tz: tz, digest_channel_id: leads.id })
      .where('id', '=', community.id)
      .execute();
    const updated = await h.deps.db
      .selectFrom('community')
      .selectAll()
      .where('id', '=', community.id)
      .executeTakeFirstOrThrow();
    expect(await syncDigestSchedule(h.deps, updated)).toBe('upserted');

    const digest = await eventually(
      () =>
        h.deps.db
          .selectFrom('digest')
          .selectAll()
          .where('community_id', '=', community.id)
          .where('status', '=', 'posted')
          .executeTakeFirst(),
      { timeoutMs: 20_000 },
    );
    // Let at least three more fires happen: each must see the period posted and post nothing.
    await new Promise((r) => setTimeout(r, 6500));
    await h.deps.queue.removeScheduler(`digest:${community.id}`);

    const rows = await h.deps.db.selectFrom('digest').selectAll().where('community_id', '=', community.id).execute();
    expect(rows).toHaveLength(1);
    const start = await h.deps.db
      .selectFrom('digest')
      .select((eb) => eb.fn<string>('to_char', [eb.ref('period_start'), eb.val('YYYY-MM-DD')]).as('d'))
      .where('id', '=', digest.id)
      .executeTakeFirstOrThrow();
    expect(start.d).toBe(period.startDate);

    const isDigest = (m: { metadata?: { event_type?: string } }) => m.metadata?.event_type === 'praxis_digest';
    const dms = h.sandbox.dmWith(cora).filter(isDigest);
    const inLeads = h.sandbox.messagesIn(leads).filter(isDigest);
    expect(dms).toHaveLength(1);
    expect(inLeads).toHaveLength(1);
    expect(dms[0].text).toContain('2 engaged members, energy 11');
    // A brand-new community is in its baseline: no alerts, and the digest says so.
    expect(JSON.stringify(dms[0].blocks)).toContain('baseline weeks');
    // The chart: one PNG uploaded, shown in both copies by file id.
    const files = h.sandbox.files.filter((f) => f.name.startsWith('praxis-digest-'));
    expect(files).toHaveLength(1);
    expect(files[0].bytes?.subarray(1, 4).toString()).toBe('PNG');
    expect(JSON.stringify(dms[0].blocks)).toContain(`"slack_file":{"id":"${files[0].id}"}`);
    expect(JSON.stringify(inLeads[0].blocks)).toContain(`"slack_file":{"id":"${files[0].id}"}`);
    expect(h.sandbox.validationFailures).toEqual([]);
  }, 40_000);
});
