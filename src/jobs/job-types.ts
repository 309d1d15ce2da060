/**
 * Every job Praxis runs, with its payload. Payloads carry ids only — never tokens or message text — because job
 * data is stored in Redis or PostgreSQL and shows up in queue dashboards.
 */
export interface JobPayloads {
  /** Post a question the app stored for /ask (tags, the post, knowledge suggestions, then routing), and tell the asker. */
  'post-question': { questionId: number };
  /** Route a stored question to its experts (first routing, or "Still need help"). */
  'route-question': { questionId: number; reason: 'asked' | 'still-need-help' | 'rerouted' };
  /** An escalation stage for a question nobody answered in time. */
  'escalate-question': { questionId: number; stage: EscalationStage };
  /** Build and post one community's weekly digest. */
  'weekly-digest': { communityId: number };
  /** Retrain one community's expert ranker from its history (nightly). */
  'train-router': { communityId: number };
}

export type EscalationStage = 'next-experts' | 'open-call' | 'coordinators';

export type JobName = keyof JobPayloads;

/** What a processor learns about the job it runs, beyond its payload. */
export interface JobContext {
  jobId: string;
  attemptsMade: number;
  /**
   * How many times the job has been started, this run included. Above attemptsMade + 1 when an earlier run died
   * without failing (a crashed or stalled worker): BullMQ then re-runs the job without counting a failed attempt.
   */
  attemptsStarted: number;
  /** When the job was scheduled to run (for schedulers: the fire time). */
  timestamp: number;
}

/** A processor is a plain function, so its logic is tested without any queue. */
export type Processor<N extends JobName> = (data: JobPayloads[N], context: JobContext) => Promise<unknown>;

/**
 * Runs once when a job has failed for good: its attempts are used up, or BullMQ gave up on it after its worker died
 * or stalled too often (then no attempt of the processor ran to its end, so only this can clean up).
 */
export type GiveUp<N extends JobName> = (data: JobPayloads[N], error: Error) => Promise<void>;

/** The processors a worker runs, one per job name; a job that must clean up when it fails for good names a giveUp. */
export type ProcessorMap = { [N in JobName]?: Processor<N> | { process: Processor<N>; giveUp: GiveUp<N> } };
