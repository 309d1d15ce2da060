import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import type { Deps } from '../../../src/deps.js';
import { nudgeFromDigest, rerouteFromDigest } from '../../../src/digest/digest-actions.service.js';
import { previewDigest } from '../../../src/digest/digest-preview.service.js';
import { BlockKitValidator } from '../../../src/sandbox/block-kit.js';
import { testDatabaseUrl } from '../../helpers/test-env.js';
import { createFakeSlack } from './fake-slack.js';
import { type Fixture, seedFixture, T } from './fixture.js';

let db: Kysely<Database>;
let f: Fixture;
const logger = pino({ level: 'silent' });
const added: Array<{ name: string; data: unknown; options: unknown }> = [];
const queue = {
  add: async (name: string, data: unknown, options: unknown) => void added.push({ name, data, options }),
} as unknown as Deps['queue'];
const now = () => T('2026-01-12T10:00:00');

beforeAll(async () => {
  db = createDatabase(testDatabaseUrl(), 4);
  f = await seedFixture(db, `a${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`);
});
afterAll(async () => {
  await db.destroy();
});

describe('digest buttons and /cop digest', () => {
  it('Route now re-routes a stale question once per hour, for coordinators only', async () => {
    expect(await rerouteFromDigest({ db, queue, now }, { userId: f.u.C, questionId: f.q.q4 })).toContain(
      'Only the community’s coordinators',
    );
    expect(added).toEqual([]);
    expect(await rerouteFromDigest({ db, queue, now }, { userId: f.u.A, questionId: f.q.q4 })).toContain(
      'Re-routing “Question q4 &lt;about&gt; &amp; stuff”',
    );
    expect(added).toEqual([
      {
        name: 'route-question',
        data: { questionId: f.q.q4, reason: 'rerouted' },
        options: { jobId: expect.stringMatching(new RegExp(`^digest-reroute-${f.q.q4}-\\d+$`)) },
      },
    ]);
    expect(await rerouteFromDigest({ db, queue, now }, { userId: f.u.A, questionId: f.q.q1 })).toContain('solved');
  });

  it('Nudge reminds the experts a question waits on, and the people an alert names', async () => {
    await db.insertInto('routing').values({ question_id: f.q.q4, team_id: f.teamId, user_id: f.u.D }).execute();
    const slack = createFakeSlack();
    const value = JSON.stringify({ c: f.communityId, a: 'unanswered-backlog', q: f.q.q4 });
    expect(await nudgeFromDigest({ db, logger }, slack.client, { userId: f.u.C, value })).toContain(
      'Only the community’s coordinators',
    );
    expect(await nudgeFromDigest({ db, logger }, slack.client, { userId: f.u.A, value })).toBe(
      'Sent 1 friendly reminder.',
    );
    expect(slack.messages.map((m) => m.channel)).toEqual([`D_${f.u.D}`]);
    expect(slack.messages[0].text).toContain('still waiting for an answer');
    const welcome = JSON.stringify({ c: f.communityId, a: 'newcomer-neglect', u: [f.u.N] });
    expect(await nudgeFromDigest({ db, logger }, slack.client, { userId: f.u.A, value: welcome })).toBe(
      'Sent 1 friendly reminder.',
    );
    expect(slack.messages[1]).toMatchObject({ channel: `D_${f.u.N}` });
    expect(await nudgeFromDigest({ db, logger }, slack.client, { userId: f.u.A, value: 'garbage' })).toContain(
      'expired',
    );
  });

  it('/cop digest: coordinators see names, everyone else aggregates only', async () => {
    const slack = createFakeSlack();
    const deps = { db, slack: slack.client, logger, now: () => T('2026-01-12T09:00:00') };
    const validator = new BlockKitValidator('/work/shared/slack-reference');
    const mine = await previewDigest(deps, { userId: f.u.A, channelId: f.channelId });
    const theirs = await previewDigest(deps, { userId: f.u.C, channelId: f.channelId });
    if (mine.kind !== 'digest' || theirs.kind !== 'digest') throw new Error('expected digests');
    expect(validator.validateMessage(mine.message)).toEqual([]);
    expect(validator.validateMessage(theirs.message)).toEqual([]);
    expect(mine.message.text).toContain('6 engaged members, energy 37');
    expect(JSON.stringify(mine.message.blocks)).toContain(`<@${f.u.K}>`); // lapsing regular, coordinators only
    expect(JSON.stringify(theirs.message.blocks)).not.toContain(f.u.K);
    expect(JSON.stringify(theirs.message.blocks)).not.toContain(f.u.E);
    expect(JSON.stringify(theirs.message.blocks)).not.toContain('Needs attention');
    // Nothing is posted or stored by a preview.
    expect(slack.messages).toEqual([]);
    expect(await db.selectFrom('digest').select('id').where('community_id', '=', f.communityId).execute()).toEqual([]);
    expect(await previewDigest(deps, { userId: f.u.A, channelId: 'CNOWHERE' })).toMatchObject({ kind: 'refused' });
  });
});
