import { describe, expect, it } from '@jest/globals';
import { type AlertId, evaluateAlerts } from '../../../src/digest/alerts.js';
import type { Snapshot, WeekMetrics } from '../../../src/digest/metrics/types.js';
import { DEFAULT_THRESHOLDS, resolveThresholds } from '../../../src/digest/thresholds.js';
import { healthyHistory, healthyWeek } from './healthy.js';

const thresholds = resolveThresholds({});
const OLD = { communityAgeDays: 365 };
const fired = (metrics: WeekMetrics, history: Snapshot[] = healthyHistory(), age = OLD): AlertId[] =>
  evaluateAlerts({ metrics, history, thresholds }, age).map((a) => a.id);

type Case = {
  id: AlertId;
  trip: (m: WeekMetrics, h: Snapshot[]) => void;
  near: (m: WeekMetrics, h: Snapshot[]) => void;
};
const backlogItem = (id: number, ageHours: number) => ({
  questionId: id,
  title: `Q${id}`,
  channelId: 'C1',
  messageTs: '1.2',
  askerId: 'UA',
  tags: [],
  ageHours,
});

// Each alert: a fixture that trips it, and a "near miss" just on the quiet side of its threshold.
const cases: Case[] = [
  {
    id: 'unanswered-backlog',
    trip: (m) =>
      Object.assign(m.responsiveness, {
        backlog: [backlogItem(1, 61), backlogItem(2, 55), backlogItem(3, 50)],
        backlogCount: 3,
        backlogMaxAgeHours: 61,
      }),
    near: (m) =>
      Object.assign(m.responsiveness, {
        backlog: [backlogItem(1, 72), backlogItem(2, 50)],
        backlogCount: 2,
        backlogMaxAgeHours: 72,
      }),
  },
  {
    id: 'energy-down',
    // −35% w/w (400 → 260), below 0.75 × trailing mean (~402 → 301), from a base ≥ 20.
    trip: (m) => Object.assign(m.participation, { energy: 260, energyPrev: 400 }),
    // A −35% week that is still above 0.75 × a low trailing mean: a burst last week, not a trend.
    near: (m, h) => {
      Object.assign(m.participation, { energy: 26, energyPrev: 40 });
      for (const s of h) s.energy = 30;
    },
  },
  {
    id: 'participation-down',
    trip: (m) => Object.assign(m.participation, { engagedMembers: 14, engagedMembersPrev: 20 }), // −30%
    near: (m) => Object.assign(m.participation, { engagedMembers: 15, engagedMembersPrev: 20 }), // −25%
  },
  {
    id: 'slow-response',
    trip: (m) => Object.assign(m.responsiveness, { ttfrMedianHours: 25 }),
    near: (m) => Object.assign(m.responsiveness, { ttfrMedianHours: 4.4, ttfrP90Hours: 72 }), // +47% vs the 3h median; p90 at the limit
  },
  {
    id: 'low-answer-rate',
    trip: (m) => Object.assign(m.responsiveness, { unansweredRate: 0.3 }),
    near: (m) => Object.assign(m.responsiveness, { unansweredRate: 0.5, acceptanceRate: 0.1, maturedQuestions: 4 }), // too few questions
  },
  {
    id: 'concentration-risk',
    trip: (m) => Object.assign(m.structure, { answers28d: 12, absenceFactor: 2, topAnswererShare28d: 0.4 }),
    near: (m) => Object.assign(m.structure, { answers28d: 9, absenceFactor: 1, topAnswererShare28d: 0.9 }),
  },
  {
    id: 'expertise-gap',
    trip: (m) => Object.assign(m.structure, { gaps: ['rust'] }),
    near: (m) => Object.assign(m.structure, { gaps: [] }),
  },
  {
    id: 'expert-overload',
    trip: (m) => Object.assign(m.structure, { maxRoutedToOne: 6 }),
    near: (m) => Object.assign(m.structure, { maxRoutedToOne: 5, topAnswererWeekShare: 0.4 }),
  },
  {
    id: 'lapsing-core',
    trip: (m) => Object.assign(m.membership, { lapsingCore: ['UCORE'] }),
    near: (m) => Object.assign(m.membership, { lapsingCore: [] }),
  },
  {
    id: 'newcomer-neglect',
    trip: (m) => Object.assign(m.values, { neglectedNewcomers: ['UNEWBIE'] }),
    near: (m) => Object.assign(m.membership, { activationRate: 0.25 }),
  },
  {
    id: 'membership-shrinking',
    trip: (m, h) => {
      Object.assign(m.membership, { joined: 1, left: 3 });
      Object.assign(h[h.length - 1], { joined: 0, left: 2 });
    },
    near: (m) => Object.assign(m.membership, { joined: 1, left: 3 }), // only one week
  },
  {
    id: 'knowledge-not-captured',
    trip: (m) => Object.assign(m.knowledge, { acceptedWithoutEntry: 6 }),
    near: (m, h) => {
      Object.assign(m.knowledge, { acceptedWithoutEntry: 5, reuses: 0 });
      for (const s of h.slice(-2)) s.reuses = 0; // 3 weeks without reuse, not 4
    },
  },
  {
    id: 'domain-silence',
    trip: (m) => Object.assign(m.responsiveness, { questionsAsked14d: 0 }),
    near: (m) => Object.assign(m.responsiveness, { questionsAsked14d: 1 }),
  },
];

describe('alerts (§4)', () => {
  it('a healthy week fires nothing', () => {
    expect(fired(healthyWeek())).toEqual([]);
  });

  for (const c of cases) {
    it(`${c.id} fires on a fixture built to trip it and stays silent just below its threshold`, () => {
      const tripped = healthyWeek();
      const history = healthyHistory();
      c.trip(tripped, history);
      expect(fired(tripped, history)).toContain(c.id);

      const near = healthyWeek();
      const nearHistory = healthyHistory();
      c.near(near, nearHistory);
      expect(fired(near, nearHistory)).not.toContain(c.id);
    });
  }

  it('nothing fires during the 4-week baseline, even when everything is wrong', () => {
    const bad = healthyWeek();
    for (const c of cases) c.trip(bad, healthyHistory());
    expect(fired(bad, healthyHistory(), { communityAgeDays: 27 })).toEqual([]);
    expect(fired(bad, healthyHistory(), { communityAgeDays: 28 }).length).toBeGreaterThanOrEqual(10);
  });

  it('orders alerts worst first (the backlog before domain silence)', () => {
    const m = healthyWeek();
    cases[0].trip(m, []);
    m.responsiveness.questionsAsked14d = 0;
    expect(fired(m)).toEqual(['unanswered-backlog', 'domain-silence']);
  });

  it('takes per-community overrides and ignores junk', () => {
    const t = resolveThresholds({ backlogCount: 5, unknown: 3, ttfrMedianHours: 'x', energyDrop: -1 });
    expect(t.backlogCount).toBe(5);
    expect(t.ttfrMedianHours).toBe(DEFAULT_THRESHOLDS.ttfrMedianHours);
    expect(t.energyDrop).toBe(DEFAULT_THRESHOLDS.energyDrop);
    expect('unknown' in t).toBe(false);
  });

  it('backlog alert carries a Route action for the oldest question', () => {
    const m = healthyWeek();
    cases[0].trip(m, []);
    const [alert] = evaluateAlerts({ metrics: m, history: healthyHistory(), thresholds }, OLD);
    expect(alert.action).toEqual({ type: 'route', questionId: 1 });
  });
});
