import { describe, expect, it } from '@jest/globals';
import { type MemberProfile, MemberProfileCache } from '../../../src/questions/member-profile-cache.js';
import { emptyExpertise } from '../../../src/routing/expertise.js';

const profile = (version: string): MemberProfile => ({
  version,
  earned: emptyExpertise(new Date(0)),
  answeredTokens: [],
});

describe('MemberProfileCache', () => {
  it('returns a profile only for the answers fingerprint it was built from, per workspace', () => {
    const cache = new MemberProfileCache();
    cache.set('T1', 'U1', profile('3:10'));
    expect(cache.get('T1', 'U1', '3:10')?.version).toBe('3:10');
    expect(cache.get('T1', 'U1', '4:15')).toBeUndefined();
    expect(cache.get('T2', 'U1', '3:10')).toBeUndefined();
  });

  it('keeps at most its bound, dropping the profile built longest ago', () => {
    const cache = new MemberProfileCache(2);
    cache.set('T', 'A', profile('a'));
    cache.set('T', 'B', profile('b'));
    cache.set('T', 'A', profile('a2')); // rebuilt: now the newest
    cache.set('T', 'C', profile('c'));
    expect(cache.size).toBe(2);
    expect(cache.get('T', 'B', 'b')).toBeUndefined();
    expect(cache.get('T', 'A', 'a2')).toBeDefined();
    expect(cache.get('T', 'C', 'c')).toBeDefined();
  });
});
