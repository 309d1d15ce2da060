import { createPostgresBackend, type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { JobContext, JobName, JobPayloads, ProcessorMap } from './job-types.js';

/** Where BullMQ keeps its data. Decided once, here; nothing else in Praxis knows which. */
export type QueueBackendConfig = { kind: 'redis'; url: string } | { kind: 'postgres'; connectionString: string };

export interface EnqueueOptions {
  /** Milliseconds to wait before the job runs (escalation timers). */
  delay?: number;
  /** A stable id makes enqueueing idempotent: BullMQ ignores a second job with the same id. */
  jobId?: string;
}

/** The job queue as the rest of Praxis sees it. */
export interface JobQueue {
  readonly backend: 'redis' | 'postgres';
  add<N extends JobName>(name: N, data: JobPayloads[N], options?: EnqueueOptions): Promise<void>;
  /** Several jobs in one call (BullMQ's addBulk: one pipelined round trip on Redis), for a batch written together. */
  addBulk<N extends JobName>(
    jobs: ReadonlyArray<{ name: N; data: JobPayloads[N]; options?: EnqueueOptions }>,
  ): Promise<void>;
  /** Creates or updates a repeating schedule (idempotent: call at every boot and whenever settings change). */
  upsertScheduler<N extends JobName>(
    id: string,
    repeat: { pattern: string; tz: string },
    name: N,
    data: JobPayloads[N],
  ): Promise<void>;
  removeScheduler(id: string): Promise<boolean>;
  /** The next fire time of a schedule, or null if there is none. */
  schedulerNext(id: string): Promise<Date | null>;
  startWorker(processors: ProcessorMap, options?: { concurrency?: number }): JobWorker;
  health(): Promise<boolean>;
  close(): Promise<void>;
}

export interface JobWorker {
  close(): Promise<void>;
}

const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};

/** Opens the queue on the configured backend. `name` lets tests use a fresh queue per run. */
export function openJobQueue(config: QueueBackendConfig, name: string, logger: Logger): JobQueue {
  const log = logger.child({ module: 'jobs' });
  const connections: Redis[] = [];
  // Producers fail fast instead of buffering commands while Redis is down; workers block, so they need no retry cap.
  const redis = (forWorker: boolean) => {
    if (config.kind !== 'redis') throw new Error('not a redis backend');
    const connection = new Redis(
      config.url,
      forWorker ? { maxRetriesPerRequest: null } : { enableOfflineQueue: false },
    );
    connection.on('error', (err) => log.warn({ err }, 'redis connection error'));
    connections.push(connection);
    return connection;
  };
  // biome-ignore lint/suspicious/noExplicitAny: the two backends have different generic queue types behind one API
  const queue: Queue<any, any, string, any, any, any, any, any> =
    config.kind === 'redis'
      ? new Queue(name, { connection: redis(false), defaultJobOptions: DEFAULT_JOB_OPTIONS })
      : new Queue(
          name,
          {
            connection: { connectionString: config.connectionString, migrate: true },
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          },
          createPostgresBackend,
        );
  queue.on('error', (err: Error) => log.error({ err }, 'queue error'));
  const workers: Worker[] = [];

  const addOne = async (jobName: JobName, data: unknown, options: EnqueueOptions = {}) => {
    await queue.add(jobName, data, { delay: options.delay, jobId: options.jobId });
  };

  return {
    backend: config.kind,
    add: addOne,
    async addBulk(jobs) {
      if (jobs.length === 0) return;
      // One job (a lone /ask: the usual case) goes as `add`, one script call on the connection. BullMQ's addBulk
      // first builds an ioredis pipeline, whose constructor copies each of BullMQ's ~50 script commands onto it:
      // 0.15–0.19 against 0.06–0.09 ms of CPU per job here (docs/benchmarks.md, session 7), on the app's event loop
      // that acks the next request. The effect is the same either way.
      const [only] = jobs;
      if (jobs.length === 1 && only) {
        await addOne(only.name, only.data, only.options);
        return;
      }
      await queue.addBulk(
        jobs.map((job) => ({
          name: job.name,
          data: job.data,
          opts: { delay: job.options?.delay, jobId: job.options?.jobId },
        })),
      );
    },
    async upsertScheduler(id, repeat, jobName, data) {
      await queue.upsertJobScheduler(id, { pattern: repeat.pattern, tz: repeat.tz }, { name: jobName, data });
    },
    async removeScheduler(id) {
      return queue.removeJobScheduler(id);
    },
    async schedulerNext(id) {
      const scheduler = await queue.getJobScheduler(id);
      return scheduler?.next ? new Date(scheduler.next) : null;
    },
    startWorker(processors, options = {}) {
      type Untyped = (data: unknown, context: JobContext) => Promise<unknown>;
      const entryOf = (jobName: string) =>
        processors[jobName as JobName] as
          | Untyped
          | { process: Untyped; giveUp: (data: unknown, error: Error) => Promise<void> }
          | undefined;
      const process = async (job: Job) => {
        const entry = entryOf(job.name);
        const processor = typeof entry === 'function' ? entry : entry?.process;
        if (!processor) throw new Error(`no processor for job "${job.name}"`);
        // For a scheduled job, job.timestamp is when BullMQ created it (up to a period earlier); prevMillis is the fire time.
        const firesAt = (job.opts as { prevMillis?: number }).prevMillis ?? job.timestamp + (job.opts.delay ?? 0);
        return processor(job.data, {
          jobId: String(job.id),
          attemptsMade: job.attemptsMade,
          attemptsStarted: job.attemptsStarted ?? job.attemptsMade + 1,
          timestamp: firesAt,
        });
      };
      const workerOptions = { concurrency: options.concurrency ?? 4 };
      const worker =
        config.kind === 'redis'
          ? new Worker(name, process, { ...workerOptions, connection: redis(true) })
          : new Worker(
              name,
              process,
              { ...workerOptions, connection: { connectionString: config.connectionString, migrate: true } },
              createPostgresBackend,
            );
      worker.on('error', (err: Error) => log.error({ err }, 'worker error'));
      worker.on('failed', (job: Job | undefined, err: Error) => {
        log.warn({ err, jobId: job?.id, job: job?.name, attempts: job?.attemptsMade }, 'job failed');
        const entry = job ? entryOf(job.name) : undefined;
        if (!job || !entry || typeof entry === 'function') return;
        // For good: no attempt left, or BullMQ's stalled-job check gave up on it (its attempts were never counted).
        const final = job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled/i.test(err.message);
        if (final)
          entry
            .giveUp(job.data, err)
            .catch((giveUpError: unknown) =>
              log.error({ err: giveUpError, jobId: job.id }, 'clean-up after a failed job failed'),
            );
      });
      workers.push(worker as unknown as Worker);
      return {
        close: async () => {
          await worker.close();
        },
      };
    },
    async health() {
      try {
        await Promise.race([
          queue.getJobCounts('waiting'),
          new Promise((_, reject) => setTimeout(() => reject(new Error('queue health timed out')), 2000).unref()),
        ]);
        return true;
      } catch (err) {
        log.warn({ err }, 'queue health check failed');
        return false;
      }
    },
    async close() {
      // Workers first: close() waits for active jobs to finish, so nothing in flight is lost.
      await Promise.all(workers.map((worker) => worker.close()));
      await queue.close();
      // BullMQ never closes a connection passed in.
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
