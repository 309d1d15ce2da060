import { describe, expect, it } from '@jest/globals';
import { rankCandidates } from '../../../src/routing/score.js';
import { MemberTextIndex } from '../../../src/routing/text-index.js';
import { answer, candidate, NOW, question } from './fixtures.js';

function order(q: ReturnType<typeof question>, candidates: ReturnType<typeof candidate>[], balanced = false): string[] {
  return rankCandidates(q, candidates, { now: NOW, k: 10, balanced }).map((entry) => entry.memberId);
}

describe('rankCandidates scoring', () => {
  it('ranks members who answered the question tags above members who did not', () => {
    const expert = candidate('expert', [answer(['postgres'], 5), answer(['postgres'], 6)]);
    const other = candidate('other', [answer(['react'], 5), answer(['react'], 6)]);
    expect(order(question(['postgres']), [other, expert])).toEqual(['expert', 'other']);
  });

  it('maps synonyms to canonical tags on both sides', () => {
    const expert = candidate('expert', [answer(['pg'], 5), answer(['pg'], 6)]);
    const other = candidate('other', [answer(['react'], 5), answer(['react'], 6)]);
    const q = question(['PostgreSQL'], { synonyms: { pg: 'postgresql' } });
    expect(order(q, [other, expert])[0]).toBe('expert');
    const declared = candidate('declared', [answer(['react'], 5), answer(['react'], 6)], { declaredTags: ['#pg'] });
    expect(order(q, [other, declared])[0]).toBe('declared');
  });

  it('treats tags named like Object.prototype members ("constructor", "toString") as plain tags', () => {
    const expert = candidate('expert', [answer(['react'], 5)], { declaredTags: ['#Constructor'] });
    const other = candidate('other', [answer(['react'], 5)], { tagPenalties: { tostring: 0.5 } });
    const q = question(['constructor', 'toString'], { synonyms: { pg: 'postgresql' } });
    const ranked = rankCandidates(q, [other, expert], { now: NOW, k: 2, balanced: false });
    expect(ranked.map((entry) => entry.memberId)).toEqual(['expert', 'other']);
    expect(ranked[0]?.reasons.map((reason) => reason.tags)).toContainEqual(['constructor']);
  });

  it('counts accepted answers more than plain ones', () => {
    const accepted = candidate('accepted', [answer(['go'], 10, true), answer(['rust'], 10)]);
    const plain = candidate('plain', [answer(['go'], 10, false), answer(['rust'], 10)]);
    expect(order(question(['go']), [plain, accepted])).toEqual(['accepted', 'plain']);
  });

  it('prefers recent answers to old ones', () => {
    const recent = candidate('recent', [answer(['go'], 3), answer(['go'], 4)]);
    const old = candidate('old', [answer(['go'], 200), answer(['go'], 201)]);
    expect(order(question(['go']), [old, recent])).toEqual(['recent', 'old']);
  });

  it('lowers a member with a "not my area" penalty on the question tag, only for that tag', () => {
    const history = [answer(['go'], 3), answer(['docker'], 3)];
    const declined = candidate('declined', history, { tagPenalties: { go: 0.8 } });
    const peer = candidate('peer', history);
    expect(order(question(['go']), [declined, peer])).toEqual(['peer', 'declined']);
    const [first, second] = rankCandidates(question(['docker']), [declined, peer], { now: NOW, k: 2, balanced: false });
    expect(first!.score).toBeCloseTo(second!.score);
  });

  it('uses text similarity to the questions members answered', () => {
    const index = new MemberTextIndex();
    index.addAnsweredQuestion('vacuum', 'autovacuum bloat on a large table');
    index.addAnsweredQuestion('css', 'flexbox centering in safari');
    const members = [candidate('css', [answer([], 2)]), candidate('vacuum', [answer([], 2)])];
    const q = question([], { text: 'why does autovacuum not reclaim table bloat?' });
    const ranked = rankCandidates(q, members, { now: NOW, k: 2, balanced: false, textIndex: index });
    expect(ranked.map((entry) => entry.memberId)).toEqual(['vacuum', 'css']);
  });

  it('is pure: ranking twice gives the same result and leaves the candidates untouched', () => {
    const members = [candidate('a', [answer(['go'], 1)]), candidate('b', [answer(['go'], 2)])];
    const snapshot = JSON.stringify(members);
    const first = order(question(['go']), members, true);
    expect(order(question(['go']), members, true)).toEqual(first);
    expect(JSON.stringify(members)).toBe(snapshot);
  });
});

describe('rankCandidates balanced mode', () => {
  const history = [answer(['go'], 2), answer(['go'], 3)];

  it('spreads routings among equally good members: fewer routings this week go first', () => {
    const busy = candidate('busy', history, { routedThisWeek: 4, lastRoutedAt: NOW });
    const idle = candidate('idle', history, { routedThisWeek: 0 });
    expect(order(question(['go']), [busy, idle], false)).toEqual(['busy', 'idle']);
    expect(order(question(['go']), [busy, idle], true)).toEqual(['idle', 'busy']);
  });

  it('penalises open load, but does not overturn a clearly better expert on routing count alone', () => {
    const strong = candidate('strong', [...history, answer(['go'], 1), answer(['go'], 1)], { routedThisWeek: 5 });
    const weak = candidate('weak', [answer(['go'], 90)]);
    expect(order(question(['go']), [weak, strong], true)).toEqual(['strong', 'weak']);
    const loaded = candidate('loaded', history, { openRoutedCount: 3 });
    const free = candidate('free', history);
    expect(order(question(['go']), [loaded, free], true)).toEqual(['free', 'loaded']);
  });
});
