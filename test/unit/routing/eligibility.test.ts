import { describe, expect, it } from '@jest/globals';
import { rankCandidates } from '../../../src/routing/score.js';
import { answer, candidate, daysAgo, NOW, question } from './fixtures.js';

const history = [answer(['postgres'], 1), answer(['postgres'], 2), answer(['postgres'], 3)];

function rankedIds(candidates: ReturnType<typeof candidate>[]): string[] {
  return rankCandidates(question(['postgres']), candidates, { now: NOW, k: 10, balanced: false }).map(
    (entry) => entry.memberId,
  );
}

describe('rankCandidates eligibility', () => {
  it('never routes a question to its asker', () => {
    expect(rankedIds([candidate('asker', history), candidate('b', history)])).toEqual(['b']);
  });

  it('never routes to bots or deactivated members', () => {
    const ids = rankedIds([
      candidate('bot', history, { isBot: true }),
      candidate('gone', history, { deactivated: true }),
      candidate('ok', history),
    ]);
    expect(ids).toEqual(['ok']);
  });

  it('skips members who opted out or are snoozed, but not those whose snooze has ended', () => {
    const ids = rankedIds([
      candidate('out', history, { optedOut: true }),
      candidate('snoozed', history, { snoozedUntil: new Date(NOW.getTime() + 3_600_000) }),
      candidate('back', history, { snoozedUntil: daysAgo(1) }),
    ]);
    expect(ids).toEqual(['back']);
  });

  it('skips members at or over their weekly cap; no cap means no limit', () => {
    const ids = rankedIds([
      candidate('at-cap', history, { weeklyCap: 2, routedThisWeek: 2 }),
      candidate('over', history, { weeklyCap: 1, routedThisWeek: 3 }),
      candidate('under', history, { weeklyCap: 3, routedThisWeek: 2 }),
      candidate('uncapped', history, { routedThisWeek: 40 }),
    ]);
    expect(ids.sort()).toEqual(['uncapped', 'under']);
  });

  it('returns at most k members', () => {
    const many = Array.from({ length: 8 }, (_, index) => candidate(`m${index}`, history));
    expect(rankCandidates(question(['postgres']), many, { now: NOW, k: 3, balanced: false })).toHaveLength(3);
  });
});
