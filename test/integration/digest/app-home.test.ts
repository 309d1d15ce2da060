import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import { homeViewFor } from '../../../src/digest/home/home.service.js';
import { BlockKitValidator } from '../../../src/sandbox/block-kit.js';
import { testDatabaseUrl, uniqueName } from '../../helpers/test-env.js';

let db: Kysely<Database>;
const validator = new BlockKitValidator('/work/shared/slack-reference');
const NOW = new Date('2026-01-12T09:00:00Z');
let teamId: string;
const ME = 'UME';
const OTHER = 'UOTHER';

beforeAll(async () => {
  db = createDatabase(testDatabaseUrl(), 4);
  teamId = uniqueName('TH');
  await db.insertInto('workspace').values({ team_id: teamId, name: 'home', bot_user_id: 'UBOT' }).execute();
  await db
    .insertInto('member')
    .values([{ team_id: teamId, user_id: ME, display_name: 'me', tz: 'UTC', shoutout_opt_out: true, weekly_cap: 4 }])
    .execute();
  // A large fixture: 20 communities I coordinate, 240 open questions of mine, 150 routed to me, 60 expertise tags.
  const ids: number[] = [];
  for (let i = 0; i < 20; i++) {
    const c = await db
      .insertInto('community')
      .values({ team_id: teamId, name: `Community <${i}> & co`, created_by: ME, alert_thresholds: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(c.id);
    await db.insertInto('community_coordinator').values({ community_id: c.id, user_id: ME }).execute();
    await db
      .insertInto('weekly_snapshot')
      .values(
        Array.from({ length: 8 }, (_, w) => ({
          community_id: c.id,
          week_start: `2025-12-${String(1 + w * 3).padStart(2, '0')}`,
          week_end: '2025-12-31',
          metrics: JSON.stringify({ energy: 10 * (w + 1) + i }),
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const questions = await db
    .insertInto('question')
    .values(
      Array.from({ length: 390 }, (_, i) => ({
        team_id: teamId,
        community_id: ids[i % 20],
        channel_id: `C${i % 20}`,
        asker_id: i < 240 ? ME : OTHER,
        title: `A long question title number ${i} ${'x'.repeat(300)}`,
        tags: ['postgres', `tag${i % 9}`],
        request_key: `${teamId}:${i}`,
        asked_at: new Date(NOW.getTime() - (i + 50) * 3_600_000),
      })),
    )
    .returning(['id', 'asker_id'])
    .execute();
  await db
    .insertInto('routing')
    .values(
      questions
        .filter((q) => q.asker_id === OTHER)
        .map((q) => ({
          question_id: q.id,
          team_id: teamId,
          user_id: ME,
          routed_at: new Date(NOW.getTime() - 3_600_000),
        })),
    )
    .execute();
  await db
    .insertInto('expertise')
    .values(
      Array.from({ length: 60 }, (_, i) => ({
        team_id: teamId,
        user_id: ME,
        tag: `skill-${i}`,
        declared: i % 2 === 0,
        answers: i,
      })),
    )
    .execute();
});
afterAll(async () => {
  await db.destroy();
});

const text = (v: unknown) => JSON.stringify(v);

describe('App Home', () => {
  it('a coordinator with a lot of everything gets a valid Home within 100 blocks', async () => {
    const view = await homeViewFor({ db, now: () => NOW }, { teamId, userId: ME });
    expect(validator.validateView(view)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(text(view)).toContain('Your open questions* (240)');
    expect(text(view)).toContain('…and 232 more open questions.');
    expect(text(view)).toContain('Routed to you* (150)');
    expect(text(view)).toContain('…and 12 more communities.');
    // Routed questions carry the expert card's buttons, valued by routing id.
    const actions = view.blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(8);
    expect(text(actions[0])).toMatch(/"action_id":"expert_answer","value":"\d+"/);
    expect(text(actions[0])).toContain('expert_not_my_area');
    // Health: an 8-week energy sparkline, backlog and a settings link per community.
    expect(text(view)).toContain('`▁▂▃▄▅▆▇█` energy');
    // Community <0> holds questions 0, 20, …, 380: 20 questions, all open, unanswered and older than 48h.
    expect(text(view)).toContain('*Community &lt;0&gt; &amp; co*\\n`▁▂▃▄▅▆▇█` energy 80 · backlog 20');
    expect(text(view)).toContain('"action_id":"home_open_settings"');
    expect(text(view)).toContain('Shout-outs in digests: opted out');
    expect(text(view)).toContain('at most 4 questions a week');
  });

  it('a member who coordinates nothing sees no community health', async () => {
    const view = await homeViewFor({ db, now: () => NOW }, { teamId, userId: OTHER });
    expect(validator.validateView(view)).toEqual([]);
    expect(text(view)).not.toContain('Communities you coordinate');
    expect(text(view)).toContain('Your open questions* (150)');
    expect(text(view)).toContain('Nothing is waiting on you.');
  });
});
