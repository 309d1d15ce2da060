import { describe, expect, it } from '@jest/globals';
import { type MemberProfile, MemberProfileCache } from '../../../src/questions/member-profile-cache.js';
import { emptyExpertise } from '../../../src/routing/expertise.js';

const NOW = new Date('2026-11-29T12:00:00Z');
const profile = (version: number, oldestAnswerAt: number | null = null): MemberProfile => ({
  version,
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
    expect(cache.get('T1', 'U1', 7, NOW)?.version).toBe(7);
    expect(cache.get('T1', 'U1', 8, NOW)).toBeUndefined();
    expect(cache.get('T2', 'U1', 7, NOW)).toBeUndefined();
  });

  it('drops a profile once an answer it was built from is older than the history window', () => {
    const cache = new MemberProfileCache();
    const answeredAt = NOW.getTime() - 1000;
    cache.set('T', 'U', profile(3, answeredAt));
    expect(cache.get('T', 'U', 3, new Date(answeredAt))).toBeDefined(); // still inside: the window starts there
    expect(cache.get('T', 'U', 3, new Date(answeredAt + 1))).toBeUndefined();
    cache.set('T', 'N', profile(3, null)); // no answers: nothing can age out
    expect(cache.get('T', 'N', 3, new Date(NOW.getTime() + 10 * 365 * 86_400_000))).toBeDefined();
  });

  it('keeps at most its bound, dropping the profile built longest ago', () => {
    const cache = new MemberProfileCache(2);
    cache.set('T', 'A', profile(1));
    cache.set('T', 'B', profile(2));
    cache.set('T', 'A', profile(3)); // rebuilt: now the newest
    cache.set('T', 'C', profile(4));
    expect(cache.size).toBe(2);
    expect(cache.get('T', 'B', 2, NOW)).toBeUndefined();
    expect(cache.get('T', 'A', 3, NOW)).toBeDefined();
    expect(cache.get('T', 'C', 4, NOW)).toBeDefined();
    cache.set('T2', 'X', profile(5)); // another workspace's first profile is kept: T's oldest goes
    expect(cache.size).toBe(2);
    expect(cache.get('T2', 'X', 5, NOW)).toBeDefined();
    expect(cache.get('T', 'A', 3, NOW)).toBeUndefined();
    expect(cache.get('T', 'C', 4, NOW)).toBeDefined();
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
