/** How big each benchmark runs. The full profile is what docs/benchmarks.md reports; quick is the CI smoke test. */
export interface Stage {
  label: string;
  members: number;
  kb: number;
  activity: number;
}

export interface Sizes {
  name: 'full' | 'quick';
  tags: number;
  /** Three growing workspaces; the last is the headline size of ask_e2e, digest_ms and route_p95. */
  stages: [Stage, Stage, Stage];
  /** The knowledge base is grown to this after the stages, for kb_search_p95's largest size. */
  kbMax: number;
  rounds: number;
  /** `warmUp`: /ask pairs sent at each concurrency before the first ack round, their follow-up discarded (warmUpAcks). */
  ack: { requests: number; concurrency: [number, number]; warmUp: number };
  /** Per-round caps; every figure also has a time budget over its rounds (see run.ts). */
  /** skipAboveMs: when one routing alone takes longer, the end-to-end figure is that lower bound (see run.ts). */
  ask: { maxAsks: number; budgetMs: number; skipAboveMs: number };
  route: { maxSamples: number; budgetMs: number };
  /** Time budget of each figure's rounds: a slow figure is the median of fewer rounds (reported as `rounds`). */
  figureBudgetMs: number;
  /** statement_timeout of the digest's queries: slower digests are reported as this lower bound. */
  digestCapMs: number;
  kbReps: number;
  ingest: { events: number; concurrency: number };
  sweep: { communities: number; eventsEach: number };
}

export const FULL: Sizes = {
  name: 'full',
  tags: 300,
  stages: [
    { label: '100 members', members: 100, kb: 10_000, activity: 10_000 },
    { label: '1k members', members: 1_000, kb: 100_000, activity: 100_000 },
    { label: '10k members', members: 10_000, kb: 100_000, activity: 1_000_000 },
  ],
  kbMax: 1_000_000,
  rounds: 3,
  // 300 a round: the p99 of 100 is their second slowest, which one stall decides.
  ack: { requests: 300, concurrency: [1, 50], warmUp: 3_000 },
  ask: { maxAsks: 20, budgetMs: 8_000, skipAboveMs: 20_000 },
  route: { maxSamples: 100, budgetMs: 8_000 },
  figureBudgetMs: 20_000,
  digestCapMs: 30_000,
  kbReps: 3,
  ingest: { events: 3_000, concurrency: 50 },
  sweep: { communities: 1_000, eventsEach: 200 },
};

export const QUICK: Sizes = {
  name: 'quick',
  tags: 30,
  stages: [
    { label: '10 members', members: 10, kb: 100, activity: 300 },
    { label: '30 members', members: 30, kb: 300, activity: 1_000 },
    { label: '60 members', members: 60, kb: 600, activity: 3_000 },
  ],
  kbMax: 1_000,
  rounds: 2,
  ack: { requests: 50, concurrency: [1, 50], warmUp: 50 },
  ask: { maxAsks: 3, budgetMs: 2_000, skipAboveMs: 20_000 },
  route: { maxSamples: 3, budgetMs: 1_000 },
  figureBudgetMs: 5_000,
  digestCapMs: 30_000,
  kbReps: 1,
  ingest: { events: 200, concurrency: 20 },
  sweep: { communities: 5, eventsEach: 50 },
};
