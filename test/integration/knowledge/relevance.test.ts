import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import { insertEntry, searchEntries } from '../../../src/knowledge/knowledge.repository.js';
import { loadAllSites, type StackExchangeEntry, sample } from '../../fixtures/stackexchange-kb/load.js';
import { createSuiteDatabase } from '../../helpers/test-env.js';

// Real text: every Stack Exchange question with an accepted answer from three small sites (~860 entries), so each
// title competes against hundreds of other entries on related topics. The data is read from ../shared at test time.
describe('knowledge search relevance on Stack Exchange questions and accepted answers', () => {
  let db: Kysely<Database>;
  let all: StackExchangeEntry[];
  const scope = { teamId: 'T_KB', privateChannelIds: [] };

  beforeAll(async () => {
    db = createDatabase(await createSuiteDatabase('kb'));
    all = loadAllSites();
    for (const e of all) {
      await insertEntry(db, {
        teamId: scope.teamId,
        communityId: null,
        questionId: null,
        title: e.title,
        question: e.question,
        answer: e.answer,
        otherReplies: '',
        tags: e.tags,
        contributors: [],
        authorId: 'U_SE',
        answererId: null,
        sourceChannelId: 'C_SE',
        sourceTs: null,
        permalink: `https://${e.site}/q/${e.questionId}`,
        visibility: 'public',
        attribution: e.attribution,
      });
    }
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
  });

  it('loads entries with their attribution', () => {
    expect(all.length).toBeGreaterThan(800);
    expect(all[0]?.attribution).toMatch(/^https:\/\/\w+\.stackexchange\.com\/q\/\d+ .*CC BY-SA$/);
    expect(all.every((e) => e.answer.length > 0 && !e.answer.includes('<p>'))).toBe(true);
  });

  it('ranks an entry first when searching its own title, for at least 90% of 200 sampled entries', async () => {
    const picked = sample(all, 200, 20261129);
    let first = 0;
    const misses: string[] = [];
    for (const e of picked) {
      const hits = await searchEntries(db, scope, e.title, { limit: 5 });
      if (hits[0]?.entry.attribution === e.attribution) first += 1;
      else misses.push(`${e.title} → ${hits[0]?.entry.title ?? '(nothing)'}`);
    }
    // Printed so the measured figure is visible in the test log, not just pass/fail.
    console.log(`relevance: ${first}/200 = ${(first / 2).toFixed(1)}% ranked first\n${misses.slice(0, 20).join('\n')}`);
    expect(first / picked.length).toBeGreaterThanOrEqual(0.9);
  }, 60_000);
});
