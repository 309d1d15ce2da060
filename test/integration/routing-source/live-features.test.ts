import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import { addEarnedExpertise, addTagPenalty, setDeclaredTags } from '../../../src/expertise/expertise.repository.js';
import { setAvailability, touchLastActive, upsertMember } from '../../../src/members/member.repository.js';
import { deleteAnswer, insertAnswer } from '../../../src/questions/answer.repository.js';
import { MemberProfileCache } from '../../../src/questions/member-profile-cache.js';
import { MemberRoster } from '../../../src/questions/member-roster.js';
import { closeWithAnswer, insertQuestion, setQuestionTags } from '../../../src/questions/question.repository.js';
import { closeRouting, insertRouting } from '../../../src/questions/routing.repository.js';
import { PostgresRoutingSource } from '../../../src/questions/routing-source.repository.js';
import type { CandidateFeatures, RoutingQuestion } from '../../../src/routing/routing.js';
import { seedDbCommunity } from '../../helpers/db-community.js';
import { createSuiteDatabase } from '../../helpers/test-env.js';

const NOW = new Date();
const DAY = 86_400_000;
const TEAM = 'TLIVEF';
const CHANNEL = 'CLIVEF';
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

/**
 * The live (/ask) path reads a shortlisted pool with its own, narrower queries; the training path reads everyone.
 * For the members both return, every feature must be the same: the live queries are an optimisation, not a second
 * definition of the features.
 */
describe('live routing features', () => {
  let db: Kysely<Database>;
  let communityId: number;
  let n = 0;
  let answered: (title: string, by: string, days: number, accepted?: boolean) => Promise<number>;
  const question: RoutingQuestion = {
    askerId: 'UASKER',
    tags: ['ingress'],
    text: 'Why does our ingress return a gateway timeout?',
    askedAt: NOW,
  };

  /** An #ingress question asked by UASKER in the community's channel. */
  const ingressQuestion = (title: string, askedAt: Date, requestKey: string) =>
    insertQuestion(db, {
      teamId: TEAM,
      communityId,
      channelId: CHANNEL,
      askerId: 'UASKER',
      title,
      details: '',
      tags: ['ingress'],
      requestKey,
      askedAt,
    });

  beforeAll(async () => {
    db = createDatabase(await createSuiteDatabase('live_features'), 4);
    communityId = await seedDbCommunity(db, {
      teamId: TEAM,
      channelId: CHANNEL,
      members: ['UGURU', 'UPEER', 'UDECLARED', 'UROUTED', 'UASKER'],
    });
    await setDeclaredTags(db, TEAM, 'UDECLARED', ['ingress', 'dns'], ago(10));
    await setDeclaredTags(db, TEAM, 'UPEER', ['ingress'], ago(10));
    await setDeclaredTags(db, TEAM, 'UROUTED', ['dns'], ago(10));
    await addTagPenalty(db, TEAM, 'UPEER', ['ingress'], 0.5);

    answered = async (title: string, by: string, days: number, accepted = false) => {
      n += 1;
      const past = await ingressQuestion(title, ago(days), `live-features-${n}`);
      const answer = await insertAnswer(db, {
        questionId: past?.id as number,
        userId: by,
        channelId: CHANNEL,
        messageTs: `${n}.000001`,
        text: 'Raise the proxy read timeout',
        via: 'thread',
        at: ago(days - 0.1),
      });
      await addEarnedExpertise(db, TEAM, by, ['ingress'], false, ago(days - 0.1));
      if (accepted) await closeWithAnswer(db, past?.id as number, answer?.id as number, ago(days - 0.2));
      return past?.id as number;
    };
    await answered('Ingress gateway timeout after deploy', 'UGURU', 40, true);
    await answered('Ingress returns 502 on long uploads', 'UGURU', 12);
    await answered('Ingress certificate renewal fails', 'UPEER', 20);
    await answered('Ingress timeout behind the load balancer', 'UPEER', 5);
    await deleteAnswer(db, CHANNEL, `${n}.000001`, ago(4));
    // Older than the router's one-year history window: counts for neither path.
    await answered('Ingress annotations for websockets', 'UPEER', 400);
    const open = await answered('Ingress rewrite rules', 'UGURU', 2);
    await insertRouting(db, {
      questionId: open,
      teamId: TEAM,
      userId: 'UROUTED',
      stage: 'initial',
      score: 0.4,
      reason: 'test',
      at: ago(1),
    });
    await touchLastActive(db, [
      { teamId: TEAM, userId: 'UROUTED', at: ago(1) },
      { teamId: TEAM, userId: 'UGURU', at: ago(2) },
    ]);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('match the training path member for member, deleted and too-old answers left out', async () => {
    const live = await new PostgresRoutingSource(db, {
      teamId: TEAM,
      communityId,
      channelMembers: null,
      live: true,
    }).candidatesFor(question);
    const full = await new PostgresRoutingSource(db, { teamId: TEAM, communityId, channelMembers: null }).candidatesFor(
      question,
    );
    const byId = (pool: CandidateFeatures[]) =>
      new Map(pool.map((c) => [c.memberId, { ...c, declaredTags: [...c.declaredTags].sort() }]));
    const liveById = byId(live);
    const fullById = byId(full);
    expect([...liveById.keys()].sort()).toEqual(['UDECLARED', 'UGURU', 'UPEER', 'UROUTED']);
    for (const [id, features] of liveById) expect(features).toEqual(fullById.get(id));

    const guru = liveById.get('UGURU');
    expect(guru?.earned.answerCount).toBe(3);
    expect(guru?.earned.acceptedCount).toBe(1);
    const peer = liveById.get('UPEER');
    expect(peer?.earned.answerCount).toBe(1);
    expect(peer?.tagPenalties).toEqual({ ingress: 0.5 });
    expect(peer?.declaredTags).toEqual(['ingress']);
    expect(liveById.get('UDECLARED')?.declaredTags).toEqual(['dns', 'ingress']);
    const routed = liveById.get('UROUTED');
    expect([routed?.openRoutedCount, routed?.routedThisWeek, routed?.lastRoutedAt]).toEqual([1, 1, ago(1)]);
  });

  /** What a worker keeps between routings: profiles, and its copy of the member rows (kept by the change feed). */
  type Worker = { profiles: MemberProfileCache; roster: MemberRoster };
  const newWorker = (): Worker => ({ profiles: new MemberProfileCache(), roster: new MemberRoster(db) });
  /** The live features (and text scores) through a worker's state, or read fresh (and joined) without one. */
  const read = async (worker?: Worker) => {
    const source = new PostgresRoutingSource(db, {
      teamId: TEAM,
      communityId,
      channelMembers: null,
      live: true,
      ...worker,
    });
    const pool = await source.candidatesFor({ ...question, askedAt: new Date() });
    const text = source.textSimilarity()?.scores(question.text) ?? new Map();
    return {
      features: new Map(pool.map((c) => [c.memberId, { ...c, declaredTags: [...c.declaredTags].sort() }])),
      text: Object.fromEntries([...text].sort()),
    };
  };
  /** Reads through the worker's state and fresh, expects the same, and returns it. */
  const sameAsFresh = async (worker: Worker) => {
    const [warm, fresh] = [await read(worker), await read()];
    expect(warm).toEqual(fresh);
    return warm;
  };

  /** An open #ingress question asked by UASKER (nobody answered it). */
  const openQuestion = (title: string, askedAt: Date) => {
    n += 1;
    return ingressQuestion(title, askedAt, `live-features-open-${n}`);
  };

  it('are the same from a warm profile cache as from a fresh read, as answers are added, deleted and accepted', async () => {
    const worker = newWorker();
    const cold = await sameAsFresh(worker);
    expect(worker.profiles.size).toBeGreaterThan(0);
    const guruBefore = cold.features.get('UGURU')?.earned;

    const added = await answered('Ingress sticky sessions drop users', 'UGURU', 0.5);
    const afterAnswer = await sameAsFresh(worker);
    expect(afterAnswer.features.get('UGURU')?.earned.answerCount).toBe((guruBefore?.answerCount ?? 0) + 1);

    await deleteAnswer(db, CHANNEL, `${n}.000001`, new Date());
    const afterDelete = await sameAsFresh(worker);
    expect(afterDelete.features.get('UGURU')?.earned.answerCount).toBe(guruBefore?.answerCount);

    const accepted = await answered('Ingress health checks flap', 'UPEER', 0.3);
    expect((await sameAsFresh(worker)).features.get('UPEER')?.earned.acceptedCount).toBe(0); // cached before the acceptance
    const answer = await db.selectFrom('answer').select('id').where('question_id', '=', accepted).executeTakeFirst();
    await closeWithAnswer(db, accepted, answer?.id as number, new Date(Date.now() - 1000));
    const afterAccept = await sameAsFresh(worker);
    expect(afterAccept.features.get('UPEER')?.earned.acceptedCount).toBe(1);
    expect(added).toBeGreaterThan(0);

    // An answer about to leave the one-year window: cached while in it, gone from the features once it has left.
    // (`answered` writes the answer 0.1 day after the question, at days before NOW: 3 s inside the window from now.)
    const leavesAt = Date.now() - 365 * DAY + 3_000; // the answer's time; it leaves the window 365 days later
    await answered('Ingress rate limits per client', 'UDECLARED', (NOW.getTime() - leavesAt) / DAY + 0.1);
    expect((await sameAsFresh(worker)).features.get('UDECLARED')?.earned.answerCount).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, leavesAt + 365 * DAY + 500 - Date.now())));
    expect((await sameAsFresh(worker)).features.get('UDECLARED')?.earned.answerCount).toBe(0);
  });

  it('are the same from a warm profile cache as declared tags, penalties, routings and questions change', async () => {
    const worker = newWorker();
    const features = async () => (await sameAsFresh(worker)).features;
    await features(); // every pool member cached

    await setDeclaredTags(db, TEAM, 'UDECLARED', ['ingress'], new Date());
    expect((await features()).get('UDECLARED')?.declaredTags).toEqual(['ingress']);
    await addTagPenalty(db, TEAM, 'UDECLARED', ['ingress'], 0.25);
    expect((await features()).get('UDECLARED')?.tagPenalties).toEqual({ ingress: 0.25 });

    // A new routing adds open load and counts for the week; passing on it removes the open load.
    const open = await openQuestion('Ingress keeps old certificates', new Date(Date.now() - 60_000));
    const before = (await features()).get('UDECLARED');
    const routing = await insertRouting(db, {
      questionId: open?.id as number,
      teamId: TEAM,
      userId: 'UDECLARED',
      stage: 'initial',
      score: 0.5,
      reason: 'test',
      at: new Date(Date.now() - 30_000),
    });
    const routed = (await features()).get('UDECLARED');
    expect(routed?.openRoutedCount).toBe((before?.openRoutedCount ?? 0) + 1);
    expect(routed?.routedThisWeek).toBe((before?.routedThisWeek ?? 0) + 1);
    expect(routed?.lastRoutedAt?.getTime()).toBeGreaterThan(Date.now() - 60_000);
    await closeRouting(db, routing?.id as number, 'passed', new Date());
    expect((await features()).get('UDECLARED')?.openRoutedCount).toBe(before?.openRoutedCount);

    // The question's status alone decides whether a pending routing is open load: closing it is a write to question.
    await insertRouting(db, {
      questionId: open?.id as number,
      teamId: TEAM,
      userId: 'UROUTED',
      stage: 'next-experts',
      score: 0.5,
      reason: 'test',
      at: new Date(Date.now() - 20_000),
    });
    const load = (await features()).get('UROUTED')?.openRoutedCount ?? 0;
    await db
      .updateTable('question')
      .set({ status: 'closed' })
      .where('id', '=', open?.id as number)
      .execute();
    expect((await features()).get('UROUTED')?.openRoutedCount).toBe(load - 1);

    // An answered question's tags are part of its answerers' earned expertise.
    const retagged = await answered('Ingress drops websocket upgrades', 'UGURU', 1);
    expect((await features()).get('UGURU')?.earned.tags.websockets).toBeUndefined();
    await setQuestionTags(db, retagged, ['websockets']);
    expect((await features()).get('UGURU')?.earned.tags.websockets?.answers).toBe(1);
    // ...and its title is part of their text-index document: the text scores follow an edit (sameAsFresh compares).
    const textBefore = (await sameAsFresh(worker)).text.UGURU;
    await db
      .updateTable('question')
      .set({ title: 'Gateway timeout gateway timeout' })
      .where('id', '=', retagged)
      .execute();
    expect((await sameAsFresh(worker)).text.UGURU).not.toBe(textBefore);
  });

  it('are the same from a warm profile cache after writes another process stamped later than the ask time', async () => {
    const worker = newWorker();
    await sameAsFresh(worker);
    // Another process's clock runs ahead (or its write commits while this route runs): its rows are "now" too.
    const ahead = new Date(Date.now() + 300);
    const open = await openQuestion('Ingress loses client addresses', new Date());
    await insertRouting(db, {
      questionId: open?.id as number,
      teamId: TEAM,
      userId: 'UPEER',
      stage: 'initial',
      score: 0.5,
      reason: 'test',
      at: ahead,
    });
    const routedNow = (await sameAsFresh(worker)).features.get('UPEER');
    await new Promise((resolve) => setTimeout(resolve, 500)); // the stamp is now in the past
    const routedLater = (await sameAsFresh(worker)).features.get('UPEER');
    expect(routedLater?.lastRoutedAt).toEqual(ahead);
    expect(routedNow?.lastRoutedAt).toEqual(ahead);
  });

  it("are the same through the worker's copy of the member rows as availability, activity and membership change", async () => {
    const worker = newWorker();
    const features = async () => (await sameAsFresh(worker)).features;
    await features(); // the copy's first, full read

    const snoozedUntil = new Date(Date.now() + DAY);
    await setAvailability(db, TEAM, 'UPEER', { snoozed_until: snoozedUntil, weekly_cap: 2 });
    await setAvailability(db, TEAM, 'UGURU', { routing_opt_out: true });
    const active = new Date(Date.now() - 5_000);
    await touchLastActive(db, [{ teamId: TEAM, userId: 'UDECLARED', at: active }]);
    const changed = await features();
    expect(changed.get('UPEER')?.snoozedUntil?.getTime()).toBe(snoozedUntil.getTime());
    expect(changed.get('UPEER')?.weeklyCap).toBe(2);
    expect(changed.get('UGURU')?.optedOut).toBe(true);
    expect(changed.get('UDECLARED')?.lastActiveAt?.getTime()).toBe(active.getTime());

    // Someone who joined after the copy was made, and declared the question's tag: in the pool, with their row.
    const newcomer = (deactivated: boolean) =>
      upsertMember(db, { teamId: TEAM, userId: 'UNEWCOMER', displayName: 'new', tz: 'UTC', isBot: false, deactivated });
    await newcomer(false);
    await setDeclaredTags(db, TEAM, 'UNEWCOMER', ['ingress'], new Date());
    expect((await features()).get('UNEWCOMER')?.declaredTags).toEqual(['ingress']);
    await newcomer(true);
    expect((await features()).get('UNEWCOMER')?.deactivated).toBe(true);

    await setAvailability(db, TEAM, 'UGURU', { routing_opt_out: false });
    await setAvailability(db, TEAM, 'UPEER', { snoozed_until: null, weekly_cap: null });
  });

  it('are ready for every candidate after warming, and the same as a fresh read', async () => {
    const worker = newWorker();
    const source = new PostgresRoutingSource(db, {
      teamId: TEAM,
      communityId,
      channelMembers: null,
      live: true,
      ...worker,
    });
    const built = await source.warmProfiles(new Date());
    expect(built).toBe(worker.profiles.size);
    expect(built).toBeGreaterThanOrEqual(4); // everyone with expertise: the four members the pool tests use
    await sameAsFresh(worker);
    expect(worker.profiles.size).toBe(built); // the route found every profile ready: none was added
  });
});
