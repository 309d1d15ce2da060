import { describe, expect, it } from '@jest/globals';
import { type MemberProfile, MemberProfileCache } from '../../../src/questions/member-profile-cache.js';
import { emptyExpertise } from '../../../src/routing/expertise.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const YEAR_AGO = new Date(NOW.getTime() - 365 * 86_400_000);
const profile = (version: number, oldestAnswerAt: number | null = null, builtAt = NOW.getTime()): MemberProfile => ({
  version,
  builtAt,
  earned: emptyExpertise(new Date(0)),
  text: { termCounts: new Map(), length: 0, questions: 0 },
  oldestAnswerAt,
  declaredTags: [],
  tagPenalties: {},
  openRoutedCount: 0,
  lastRoutedAt: null,
  recentRoutings: [],
});

describe('MemberProfileCache', () => {
  it('returns a profile only for the routing version it was built at, per workspace', () => {
    const cache = new MemberProfileCache();
    cache.set('T1', 'U1', profile(7));
    expect(cache.get('T1', 'U1', 7, NOW, YEAR_AGO)?.version).toBe(7);
    expect(cache.get('T1', 'U1', 8, NOW, YEAR_AGO)).toBeUndefined();
    expect(cache.get('T2', 'U1', 7, NOW, YEAR_AGO)).toBeUndefined();
  });

  it('serves no ask time earlier than the one it was built for (its week of routings starts there)', () => {
    const cache = new MemberProfileCache();
    cache.set('T', 'U', profile(1, null, NOW.getTime()));
    expect(cache.get('T', 'U', 1, new Date(NOW.getTime() - 1), YEAR_AGO)).toBeUndefined();
    expect(cache.get('T', 'U', 1, new Date(NOW.getTime() + 60_000), YEAR_AGO)).toBeDefined();
  });

  it('drops a profile once an answer it was built from is older than the history window', () => {
    const cache = new MemberProfileCache();
    const answeredAt = NOW.getTime() - 1000;
    cache.set('T', 'U', profile(3, answeredAt));
    expect(cache.get('T', 'U', 3, NOW, new Date(answeredAt))).toBeDefined(); // still inside: the window starts there
    expect(cache.get('T', 'U', 3, NOW, new Date(answeredAt + 1))).toBeUndefined();
    cache.set('T', 'N', profile(3, null)); // no answers: nothing can age out
    expect(cache.get('T', 'N', 3, NOW, new Date(NOW.getTime() + 10 * 365 * 86_400_000))).toBeDefined();
  });

  it('keeps at most its bound, dropping the least recently used profile of any workspace', () => {
    const cache = new MemberProfileCache(3);
    cache.set('BIG', 'A', profile(1));
    cache.set('BIG', 'B', profile(2));
    cache.set('BIG', 'C', profile(3));
    expect(cache.get('BIG', 'A', 1, NOW, YEAR_AGO)).toBeDefined(); // used: B is now the least recently used
    cache.set('SMALL', 'X', profile(4));
    cache.set('SMALL', 'Y', profile(5));
    expect(cache.size).toBe(3);
    // A small workspace is not starved by a big one: its profiles evicted the big one's least recently used.
    expect(cache.get('SMALL', 'X', 4, NOW, YEAR_AGO)).toBeDefined();
    expect(cache.get('SMALL', 'Y', 5, NOW, YEAR_AGO)).toBeDefined();
    expect(cache.get('BIG', 'A', 1, NOW, YEAR_AGO)).toBeDefined();
    expect(cache.get('BIG', 'B', 2, NOW, YEAR_AGO)).toBeUndefined();
    expect(cache.get('BIG', 'C', 3, NOW, YEAR_AGO)).toBeUndefined();
  });

  it('over a large bound, drops a sixteenth of it at once, least recently used first', () => {
    const cache = new MemberProfileCache(32);
    for (let i = 0; i < 32; i++) cache.set('T', `U${i}`, profile(i));
    expect(cache.get('T', 'U0', 0, NOW, YEAR_AGO)).toBeDefined(); // used: U1 and U2 are now the oldest
    cache.set('T', 'U1', profile(1)); // replaced: counts as a use, and the size does not grow
    expect(cache.size).toBe(32);
    cache.set('T', 'NEW', profile(99));
    expect(cache.size).toBe(30);
    const kept = (i: number) => cache.get('T', `U${i}`, i, NOW, YEAR_AGO) !== undefined;
    expect([0, 1, 2, 3, 4, 5].map(kept)).toEqual([true, true, false, false, false, true]);
    expect(cache.get('T', 'NEW', 99, NOW, YEAR_AGO)).toBeDefined();
  });

  it('keeps nothing with a bound of 0, and is claimed for warming once per workspace', () => {
    const none = new MemberProfileCache(0);
    none.set('T', 'A', profile(1));
    expect(none.size).toBe(0);
    expect(none.claimWarming('T')).toBe(false);
    const cache = new MemberProfileCache();
    expect(cache.claimWarming('T')).toBe(true);
    expect(cache.claimWarming('T')).toBe(false);
    expect(cache.claimWarming('T2')).toBe(true);
  });
});
