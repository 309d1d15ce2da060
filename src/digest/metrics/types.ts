/**
 * The metrics of one digest week, as defined in shared/docs/cop-health-metrics.md (codes A1…F2 in the comments).
 * Rates are fractions (0.25 = 25%), durations are hours, and null means "no data" (never 0 by accident).
 */

/** The week being measured: [start, end). `end` is t0 in the metric definitions. */
export interface MetricWindow {
  communityId: number;
  teamId: string;
  start: Date;
  end: Date;
}

/** An open question nobody but its asker has replied to. */
export interface BacklogItem {
  questionId: number;
  title: string;
  channelId: string;
  messageTs: string | null;
  askerId: string;
  tags: string[];
  ageHours: number;
}

export interface ResponsivenessMetrics {
  questionsAsked: number;
  questionsAsked14d: number;
  /** A1 over questions asked in the week that got a first response. */
  ttfrMedianHours: number | null;
  ttfrP90Hours: number | null;
  /** A2/A5 use the matured window [t0−48h−7d, t0−48h). */
  maturedQuestions: number;
  unansweredRate: number | null;
  acceptanceRate: number | null;
  /** A3: open, no reply by anyone but the asker, older than 48h (oldest first, capped at 20 items). */
  backlog: BacklogItem[];
  backlogCount: number;
  backlogMaxAgeHours: number | null;
  backlogMedianAgeHours: number | null;
  backlogMeanAgeHours: number | null;
  /** A4 over questions accepted in the week. */
  acceptedInWeek: number;
  timeToAcceptMedianHours: number | null;
  /** A6 over routings made in the week. */
  routings: number;
  routingHitRate: number | null;
  routingLatencyMedianHours: number | null;
}

export interface ParticipationMetrics {
  /** B1 */
  engagedMembers: number;
  engagedMembersPrev: number;
  /** Denominator of B2: people in the community channels at t0 (see docs/digest.md for how it is estimated). */
  channelMembers: number;
  /** B2 */
  participationRate: number | null;
  engaged28d: number;
  /** B3 = WEM ÷ 28-day engaged; show only when engaged28d ≥ 30. */
  stickiness: number | null;
  /** B4 */
  energy: number;
  energyPrev: number;
  messages: number;
  replies: number;
  reactions: number;
}

export interface MembershipMetrics {
  /** C1 */
  joined: number;
  left: number;
  /** C2: everyone counted; only members who did not opt out of shout-outs are listed. */
  newContributorCount: number;
  newContributors: string[];
  /** C3 */
  newcomers28d: number;
  newcomersActivated: number;
  activationRate: number | null;
  /** C4 */
  lapsed: string[];
  /** Regulars (≥7 active days in the 4 weeks before) silent for 21 days: the "lapsing core" alert. */
  lapsingCore: string[];
}

export interface TagCoverage {
  tag: string;
  questions28d: number;
  questions90d: number;
  answerers90d: number;
  declaredExperts: number;
}

export interface StructureMetrics {
  /** D1 over the trailing 28 days. */
  answers28d: number;
  absenceFactor: number | null;
  topAnswererShare28d: number | null;
  topAnswerer28d: string | null;
  /** D2 */
  tags: TagCoverage[];
  coverage: number | null;
  gaps: string[];
  /** D3 */
  maxRoutedToOne: number;
  mostRouted: string | null;
  answersInWeek: number;
  topAnswererWeekShare: number | null;
  topAnswererWeek: string | null;
}

export interface KnowledgeMetrics {
  /** E1 */
  entriesCreated: number;
  captureRate: number | null;
  acceptedWithoutEntry: number;
  /** E2 */
  views: number;
  distinctViewers: number;
  /** E3 */
  reuses: number;
  reuseRate: number | null;
  topReused: { entryId: number; title: string; reuses: number } | null;
}

export interface ValuesMetrics {
  /** F1 */
  answersInWeek: number;
  thankedAnswers: number;
  appreciationRate: number | null;
  thanksGiven: number;
  /** Shout-outs never include members who opted out. */
  topAnswerers: Array<{ userId: string; answers: number }>;
  firstTimeAnswerers: string[];
  mostThanked: { userId: string; thanks: number } | null;
  /** F2 */
  newcomerFirstPosts: number;
  welcomed: number;
  welcomeRate: number | null;
  /** Newcomers whose first post went unanswered for more than 24h. */
  neglectedNewcomers: string[];
}

/** Everything measured for one week. Stored in digest.metrics. */
export interface WeekMetrics {
  periodStart: string;
  periodEnd: string;
  responsiveness: ResponsivenessMetrics;
  participation: ParticipationMetrics;
  membership: MembershipMetrics;
  structure: StructureMetrics;
  knowledge: KnowledgeMetrics;
  values: ValuesMetrics;
}

/** The numbers kept per week for trends, sparklines and trailing means (weekly_snapshot.metrics). */
export interface Snapshot {
  weekStart: string;
  energy: number;
  engagedMembers: number;
  participationRate: number | null;
  ttfrMedianHours: number | null;
  ttfrP90Hours: number | null;
  unansweredRate: number | null;
  acceptanceRate: number | null;
  questionsAsked: number;
  joined: number;
  left: number;
  entriesCreated: number;
  reuses: number;
  messages: number;
  reactions: number;
}
