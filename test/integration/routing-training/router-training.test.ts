import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { loadVocabulary } from '../../../src/communities/community.repository.js';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import type { Deps } from '../../../src/deps.js';
import type { JobQueue } from '../../../src/jobs/queues.js';
import { touchLastActive } from '../../../src/members/member.repository.js';
import { insertQuestion } from '../../../src/questions/question.repository.js';
import { MAX_TRAINING_QUESTIONS, trainCommunityRouter } from '../../../src/questions/router-training.js';
import {
  ROUTER_TRAINING_PATTERN,
  syncAllRouterTrainingSchedules,
  trainRouterProcessor,
} from '../../../src/questions/router-training.processor.js';
import { loadRouterModel, saveRouterModel, usableModel } from '../../../src/questions/router-training.repository.js';
import { routeToExperts } from '../../../src/questions/routing.service.js';
import { PostgresRoutingSource } from '../../../src/questions/routing-source.repository.js';
import { FEATURE_NAMES } from '../../../src/routing/features.js';
import type { RankerModel } from '../../../src/routing/model.js';
import { rankCandidates } from '../../../src/routing/score.js';
import { createSuiteDatabase } from '../../helpers/test-env.js';
import { type HistoryFixture, HOUR, NOW, seedHistory } from './fixture.js';

// Its own database: the scheduler sync lists every community in it.
let db: Kysely<Database>;
let big: HistoryFixture;
let small: HistoryFixture;
const ctx = { jobId: 'train-router-test', attemptsMade: 0, attemptsStarted: 1, timestamp: NOW.getTime() };

beforeAll(async () => {
  db = createDatabase(await createSuiteDatabase('router_training'), 4);
  big = await seedHistory(db, 'big', 72);
  small = await seedHistory(db, 'small', 30);
}, 120_000);
afterAll(async () => {
  await db.destroy();
});

/** Just enough Slack for routeToExperts: channel members, DMs, cards. Records who got a card, in order. */
function fakeSlack(members: string[]) {
  const carded: string[] = [];
  const client = {
    conversations: {
      members: async () => ({ ok: true, members, response_metadata: { next_cursor: '' } }),
      open: async ({ users }: { users: string }) => ({ ok: true, channel: { id: `D_${users}` } }),
    },
    chat: {
      postMessage: async ({ channel }: { channel: string }) => {
        carded.push(channel.replace(/^D_/, ''));
        return { ok: true, channel, ts: `${Date.now() / 1000}` };
      },
      getPermalink: async () => ({ ok: true, permalink: 'https://fake.slack.com/p1' }),
    },
  };
  return { client: client as unknown as Deps['slack'], carded };
}

function depsAt(now: Date, slack: Deps['slack'] = fakeSlack([]).client): Deps {
  return { db, slack, logger: pino({ level: 'silent' }), now: () => now } as unknown as Deps;
}

/** A new #postgres question asked an hour after the history, as /ask stores it. */
async function askPostgres(f: HistoryFixture, key: string) {
  const question = await insertQuestion(db, {
    teamId: f.teamId,
    communityId: f.communityId,
    channelId: f.channelId,
    askerId: f.u.askerA,
    title: 'Autovacuum cannot keep up with updates',
    details: 'Dead tuples pile up on the orders table.',
    tags: ['postgres'],
    requestKey: key,
    askedAt: new Date(NOW.getTime() + HOUR),
  });
  if (!question) throw new Error('duplicate');
  return question;
}

/** Exactly what routeToExperts ranks with, as a full ranking (k = everyone), with or without a model. */
async function rankLikeAsk(f: HistoryFixture, model: RankerModel | null) {
  const now = new Date(NOW.getTime() + HOUR);
  const source = new PostgresRoutingSource(db, { teamId: f.teamId, communityId: f.communityId, channelMembers: null });
  const question = {
    askerId: f.u.askerA,
    tags: ['postgres'],
    text: 'Autovacuum cannot keep up with updates\nDead tuples pile up on the orders table.',
    askedAt: now,
    synonyms: (await loadVocabulary(db, f.communityId)).synonyms,
  };
  const candidates = await source.candidatesFor(question);
  return rankCandidates(question, candidates, {
    now,
    k: candidates.length,
    balanced: true,
    textIndex: source.textSimilarity(),
    model,
  });
}

async function storedRow(communityId: number) {
  return db.selectFrom('routing_model').selectAll().where('community_id', '=', communityId).executeTakeFirst();
}

describe('trainCommunityRouter', () => {
  it('learns the community ranker from its history and /ask routes with it', async () => {
    const outcome = await trainCommunityRouter(depsAt(NOW), big.communityId, NOW);
    expect(outcome).toMatchObject({ status: 'stored', questions: 72 });
    const row = await storedRow(big.communityId);
    expect(row?.trained_on).toBeGreaterThanOrEqual(50);
    const stored = row?.model as RankerModel;
    expect(stored.featureNames).toEqual([...FEATURE_NAMES]);
    expect(stored.trainedOn).toBe(row?.trained_on);
    expect(row?.trained_at).toEqual(NOW);

    const model = await loadRouterModel(db, big.communityId);
    expect(model).not.toBeNull();
    const learned = await rankLikeAsk(big, model);
    expect(learned[0]?.memberId).toBe(big.u.guru);
    // The model, not the blend, produced these scores (the blend's best is ≤ 1 too, but never a softmax ratio).
    const blend = await rankLikeAsk(big, null);
    expect(learned.map((r) => r.score)).not.toEqual(blend.map((r) => r.score));

    // And the real /ask path: the first card goes to the postgres expert.
    const question = await askPostgres(big, 'big-new-1');
    const slack = fakeSlack(Object.values(big.u));
    const routed = await routeToExperts(depsAt(new Date(NOW.getTime() + HOUR), slack.client), question.id, 'initial');
    expect(routed[0]).toBe(big.u.guru);
    expect(routed).toEqual(learned.slice(0, 3).map((r) => r.memberId));
    expect(slack.carded[0]).toBe(big.u.guru);
    // The stored routing scores are the model's (they would be the blend's without the wiring).
    const rows = await db
      .selectFrom('routing')
      .select(['user_id', 'score'])
      .where('question_id', '=', question.id)
      .execute();
    for (const row of rows) {
      const pick = learned.find((r) => r.memberId === row.user_id);
      expect(row.score).toBeCloseTo(pick?.score ?? Number.NaN, 5);
    }
  });

  it('gives the replay features as of each ask time: nothing written later leaks in', async () => {
    const source = new PostgresRoutingSource(db, {
      teamId: big.teamId,
      communityId: big.communityId,
      channelMembers: null,
    });
    // The member row says the guru was active at NOW; a question asked 10 days earlier must not see that.
    await touchLastActive(db, [{ teamId: big.teamId, userId: big.u.guru, at: NOW }]);
    const askedAt = new Date(NOW.getTime() - 10 * 24 * HOUR);
    const candidates = await source.candidatesFor({
      askerId: big.u.askerA,
      tags: ['postgres'],
      text: 'vacuum',
      askedAt,
    });
    const guru = candidates.find((c) => c.memberId === big.u.guru);
    expect(guru?.lastActiveAt?.getTime()).toBeLessThanOrEqual(askedAt.getTime());
    const answeredBefore = await db
      .selectFrom('answer')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', big.u.guru)
      .where('created_at', '<', askedAt)
      .executeTakeFirstOrThrow();
    expect(guru?.earned.answerCount).toBe(Number(answeredBefore.n));
    expect(guru).not.toHaveProperty('activeHours'); // dead fields are gone
  });

  it('is idempotent: the processor (a retried job) rewrites the same single row', async () => {
    await trainCommunityRouter(depsAt(NOW), big.communityId, NOW);
    const first = await storedRow(big.communityId);
    const outcome = await trainRouterProcessor(depsAt(NOW))({ communityId: big.communityId }, ctx);
    expect(outcome).toMatchObject({ status: 'stored' });
    await trainRouterProcessor(depsAt(NOW))(
      { communityId: big.communityId },
      { ...ctx, attemptsMade: 1, attemptsStarted: 2 },
    );
    const rows = await db.selectFrom('routing_model').selectAll().where('community_id', '=', big.communityId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.model).toEqual(first?.model);
  });

  it('trains only on what was known at `now` (answers and questions after it are not labels)', async () => {
    // 40 questions before this moment (every 8 h back from NOW), so fewer than 50 labelled: nothing is learned.
    const earlier = new Date(NOW.getTime() - 32 * 8 * HOUR);
    const outcome = await trainCommunityRouter(depsAt(earlier), big.communityId, earlier);
    expect(outcome).toMatchObject({ status: 'too-little-history' });
    expect((outcome as { questions: number }).questions).toBeLessThan(50);
    expect(MAX_TRAINING_QUESTIONS).toBe(2_000);
    // Put the full model back for the other tests.
    await trainCommunityRouter(depsAt(NOW), big.communityId, NOW);
  });

  it('below 50 labelled questions stores nothing (dropping an old model) and /ask keeps the blend', async () => {
    // A model from an earlier, richer history must not outlive the fallback decision.
    const bigModel = (await loadRouterModel(db, big.communityId)) as RankerModel;
    await saveRouterModel(db, small.communityId, bigModel, new Date(NOW.getTime() - 24 * HOUR));

    const outcome = await trainCommunityRouter(depsAt(NOW), small.communityId, NOW);
    expect(outcome).toMatchObject({ status: 'too-little-history', questions: 30 });
    expect(await storedRow(small.communityId)).toBeUndefined();
    expect(await loadRouterModel(db, small.communityId)).toBeNull();

    const blend = await rankLikeAsk(small, null);
    const question = await askPostgres(small, 'small-new-1');
    const routed = await routeToExperts(
      depsAt(new Date(NOW.getTime() + HOUR), fakeSlack(Object.values(small.u)).client),
      question.id,
      'initial',
    );
    expect(routed).toEqual(blend.slice(0, 3).map((r) => r.memberId));
  });

  it('skips an archived or unknown community', async () => {
    expect(await trainCommunityRouter(depsAt(NOW), 987_654, NOW)).toEqual({
      status: 'skipped',
      reason: 'no such community',
    });
  });
});

describe('loading a stored model', () => {
  it('ignores a model trained on another feature list, or a malformed one', async () => {
    const model = (await loadRouterModel(db, big.communityId)) as RankerModel;
    expect(usableModel(model)).not.toBeNull();
    expect(usableModel({ ...model, featureNames: [...model.featureNames].reverse() })).toBeNull();
    expect(
      usableModel({ ...model, featureNames: [...model.featureNames, 'new'], weights: [...model.weights, 0] }),
    ).toBeNull();
    expect(usableModel({ ...model, weights: model.weights.slice(1) })).toBeNull();
    expect(usableModel({ ...model, scale: model.scale.map(() => 0) })).toBeNull();
    expect(usableModel('nonsense')).toBeNull();

    // Stored that way, /ask reads no model and ranks with the blend.
    const { communityId } = await seedHistory(db, 'stale', 3);
    await saveRouterModel(db, communityId, { ...model, featureNames: model.featureNames.map((n) => `${n}_v0`) }, NOW);
    expect(await storedRow(communityId)).toBeDefined();
    expect(await loadRouterModel(db, communityId)).toBeNull();
  });
});

describe('training schedules', () => {
  it('upserts a daily train-router scheduler per live community in its zone and removes archived ones', async () => {
    await db.updateTable('community').set({ digest_tz: 'Europe/Paris' }).where('id', '=', big.communityId).execute();
    await db.updateTable('community').set({ digest_tz: 'Mars/Olympus' }).where('id', '=', small.communityId).execute();
    const archived = await seedHistory(db, 'gone', 1);
    await db.updateTable('community').set({ archived_at: NOW }).where('id', '=', archived.communityId).execute();

    const upserts: Array<{ id: string; pattern: string; tz: string; name: string; data: unknown }> = [];
    const removed: string[] = [];
    const queue = {
      upsertScheduler: async (id: string, repeat: { pattern: string; tz: string }, name: string, data: unknown) => {
        upserts.push({ id, ...repeat, name, data });
      },
      removeScheduler: async (id: string) => {
        removed.push(id);
        return true;
      },
    } as unknown as JobQueue;
    await syncAllRouterTrainingSchedules({ db, queue, logger: pino({ level: 'silent' }) });

    const byId = new Map(upserts.map((u) => [u.id, u]));
    expect(byId.get(`train-router:${big.communityId}`)).toEqual({
      id: `train-router:${big.communityId}`,
      pattern: ROUTER_TRAINING_PATTERN,
      tz: 'Europe/Paris',
      name: 'train-router',
      data: { communityId: big.communityId },
    });
    // An invalid digest zone does not stop the training: it runs on UTC.
    expect(byId.get(`train-router:${small.communityId}`)?.tz).toBe('UTC');
    expect(byId.has(`train-router:${archived.communityId}`)).toBe(false);
    expect(removed).toEqual([`train-router:${archived.communityId}`]);
    expect(await trainCommunityRouter(depsAt(NOW), archived.communityId, NOW)).toEqual({
      status: 'skipped',
      reason: 'archived',
    });
  });
});
