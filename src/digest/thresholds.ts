/**
 * Alert thresholds (cop-health-metrics.md §4 defaults). A community overrides any of them in its settings
 * (community.alert_thresholds); unknown keys and non-numbers are ignored. Rates are fractions, durations hours.
 */
export const DEFAULT_THRESHOLDS = {
  /** Unanswered backlog: this many questions unanswered > backlogHours, or any unanswered > backlogMaxHours. */
  backlogCount: 3,
  backlogMaxHours: 72,
  /** Energy down: ΔE ≤ −energyDrop AND E < energyTrailingFactor × trailing mean AND E_prev ≥ energyMinPrev. */
  energyDrop: 0.3,
  energyTrailingFactor: 0.75,
  energyMinPrev: 20,
  /** Participation down: WEM ≤ −participationDrop w/w (from a base ≥ participationMinBase), or rate < participationMinRate two weeks running. */
  participationDrop: 0.3,
  participationMinBase: 5,
  participationMinRate: 0.1,
  /** Slow response. */
  ttfrMedianHours: 24,
  ttfrP90Hours: 72,
  ttfrRise: 0.5,
  /** Low answer rate (over at least answerRateMinQuestions matured questions). */
  unansweredRate: 0.2,
  acceptanceRate: 0.3,
  answerRateMinQuestions: 5,
  /** Concentration risk (over at least concentrationMinAnswers answers in 28 days). */
  concentrationAbsence: 2,
  concentrationShare: 0.5,
  concentrationMinAnswers: 10,
  /** Expert overload: routed more than this per week, or more than overloadShare of the week's answers (≥ overloadMinAnswers). */
  overloadRouted: 5,
  overloadShare: 0.4,
  overloadMinAnswers: 5,
  /** Newcomer neglect: 28-day activation below this. */
  newcomerActivation: 0.25,
  /** Knowledge not captured: more than this many accepted answers with no entry after 7 days. */
  uncapturedAnswers: 5,
  /** No alerts while the community is younger than this (the baseline). */
  baselineWeeks: 4,
} as const;

export type Thresholds = { -readonly [K in keyof typeof DEFAULT_THRESHOLDS]: number };
export type ThresholdKey = keyof Thresholds;

/** The community's overrides merged over the defaults. */
export function resolveThresholds(overrides: Record<string, unknown> | null | undefined): Thresholds {
  const out: Thresholds = { ...DEFAULT_THRESHOLDS };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (key in out && typeof value === 'number' && Number.isFinite(value) && value >= 0)
      out[key as ThresholdKey] = value;
  }
  return out;
}

/** True for a known threshold name. */
export function isThresholdKey(key: string): key is ThresholdKey {
  return Object.hasOwn(DEFAULT_THRESHOLDS, key);
}
