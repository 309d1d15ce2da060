import type { Snapshot, WeekMetrics } from '../../../src/digest/metrics/types.js';

/**
 * A healthy week: every alert of §4 stays silent on it. Tests copy it and change the one thing an alert watches.
 */
export function healthyWeek(): WeekMetrics {
  return {
    periodStart: '2026-01-05',
    periodEnd: '2026-01-11',
    responsiveness: {
      questionsAsked: 10, questionsAsked14d: 20, ttfrMedianHours: 3, ttfrP90Hours: 20, maturedQuestions: 10,
      unansweredRate: 0.1, acceptanceRate: 0.6, backlog: [], backlogCount: 0, backlogMaxAgeHours: null,
      backlogMedianAgeHours: null, backlogMeanAgeHours: null, acceptedInWeek: 6, timeToAcceptMedianHours: 30,
      routings: 12, routingHitRate: 0.75, routingLatencyMedianHours: 0.2,
    },
    participation: {
      engagedMembers: 23, engagedMembersPrev: 20, channelMembers: 120, participationRate: 23 / 120, engaged28d: 40,
      stickiness: 23 / 40, energy: 412, energyPrev: 400, messages: 60, replies: 80, reactions: 150,
    },
    membership: {
      joined: 5, left: 1, newContributorCount: 2, newContributors: ['UNEW1', 'UNEW2'], newcomers28d: 8, newcomersActivated: 4,
      activationRate: 0.5, lapsed: ['ULAPSED'], lapsingCore: [],
    },
    structure: {
      answers28d: 40, absenceFactor: 4, topAnswererShare28d: 0.2, topAnswerer28d: 'UTOP', tags: [], coverage: 0.8, gaps: [],
      maxRoutedToOne: 3, mostRouted: 'UTOP', answersInWeek: 10, topAnswererWeekShare: 0.3, topAnswererWeek: 'UTOP',
    },
    knowledge: {
      entriesCreated: 4, captureRate: 0.5, acceptedWithoutEntry: 2, views: 57, distinctViewers: 20, reuses: 9, reuseRate: 0.3,
      topReused: { entryId: 1, title: 'Vacuum <tuning>', reuses: 4 },
    },
    values: {
      answersInWeek: 10, thankedAnswers: 6, appreciationRate: 0.6, thanksGiven: 9,
      topAnswerers: [{ userId: 'UTOP', answers: 3 }, { userId: 'USECOND', answers: 2 }], firstTimeAnswerers: ['UFIRST'],
      mostThanked: { userId: 'UTOP', thanks: 4 }, newcomerFirstPosts: 3, welcomed: 3, welcomeRate: 1, neglectedNewcomers: [],
    },
  };
}

/** Eight healthy prior weeks, oldest first. */
export function healthyHistory(weeks = 7): Snapshot[] {
  return Array.from({ length: weeks }, (_, i) => ({
    weekStart: `2025-11-${String(17 + i).padStart(2, '0')}`,
    energy: 380 + i * 5, engagedMembers: 20 + (i % 3), participationRate: 0.18, ttfrMedianHours: 3, ttfrP90Hours: 18,
    unansweredRate: 0.1, acceptanceRate: 0.6, questionsAsked: 10, joined: 3, left: 1, entriesCreated: 3, reuses: 5,
    messages: 50, reactions: 140,
  }));
}
