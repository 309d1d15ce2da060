import { describe, expect, it } from '@jest/globals';
import { describeAge } from '../../../src/routing/reasons.js';
import { rankCandidates } from '../../../src/routing/score.js';
import { answer, candidate, daysAgo, NOW, question } from './fixtures.js';

describe('routing reasons', () => {
  it('explains a tag expert with the count and the freshness of their answers', () => {
    const expert = candidate('e', [
      answer(['postgres'], 3),
      answer(['postgres'], 10),
      answer(['postgres'], 20),
      answer(['postgres'], 30),
    ]);
    const [pick] = rankCandidates(question(['postgres']), [expert, candidate('x', [answer(['css'], 1)])], {
      now: NOW,
      k: 1,
      balanced: false,
    });
    const tagReason = pick!.reasons.find((reason) => reason.kind === 'tag-answers');
    expect(tagReason?.text).toBe("You've answered 4 #postgres questions, most recently 3 days ago.");
    expect(pick!.reasons[0]!.weight).toBeGreaterThanOrEqual(pick!.reasons.at(-1)!.weight);
  });

  it('uses the singular for one answer and names declared tags', () => {
    const member = candidate('m', [answer(['go'], 1)], { declaredTags: ['go'] });
    const [pick] = rankCandidates(question(['go']), [member], { now: NOW, k: 1, balanced: false });
    const texts = pick!.reasons.map((reason) => reason.text);
    expect(texts).toContain("You've answered 1 #go question, most recently yesterday.");
    expect(texts).toContain('You listed #go in your expertise.');
  });

  it('gives no reasons to a member without any evidence', () => {
    const [pick] = rankCandidates(question(['go']), [candidate('new')], { now: NOW, k: 1, balanced: false });
    expect(pick!.reasons).toEqual([]);
  });

  it('describes ages in words', () => {
    expect(describeAge(NOW, NOW)).toBe('today');
    expect(describeAge(daysAgo(1), NOW)).toBe('yesterday');
    expect(describeAge(daysAgo(5), NOW)).toBe('5 days ago');
    expect(describeAge(daysAgo(21), NOW)).toBe('3 weeks ago');
    expect(describeAge(daysAgo(95), NOW)).toBe('3 months ago');
  });
});
