import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { type ActivityInput, insertActivity } from './activity.repository.js';

/** Buffers activity rows and writes them in batches, so a busy channel costs one INSERT per batch, not per event. */
export interface ActivityRecorder {
  /** Queues one row; returns at once. The row is written within `flushMs`, or sooner when the batch fills. */
  record(event: ActivityInput): void;
  /** Writes everything buffered so far; resolves when it is stored. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left. Rows recorded after close are written straight away. */
  close(): Promise<void>;
  /** Rows waiting to be written (for health checks and tests). */
  pending(): number;
}

export interface ActivityRecorderOptions {
  /** How long a row may wait in the buffer (default 250 ms). */
  flushMs?: number;
  /** A batch this size is written at once (default 200). */
  maxBatch?: number;
  /** Rows kept for retry while the database is unreachable; beyond it the oldest are dropped and logged (default 50,000). */
  maxBuffered?: number;
}

// PostgreSQL allows 65,535 bind parameters per statement; at 15 columns a row, 1,000 rows stay well under it.
const ROWS_PER_STATEMENT = 1000;

/**
 * Creates a batched recorder. Each batch is one multi-row INSERT … ON CONFLICT (source_key) DO NOTHING, so a
 * redelivered Slack event or a retried batch is counted once. A failed batch goes back to the front of the buffer
 * and is retried on the next flush: nothing is lost because the database blinked.
 */
export function createActivityRecorder(
  db: Kysely<Database>,
  logger: Logger,
  options: ActivityRecorderOptions = {},
): ActivityRecorder {
  const flushMs = options.flushMs ?? 250;
  const maxBatch = options.maxBatch ?? 200;
  const maxBuffered = options.maxBuffered ?? 50_000;
  const log = logger.child({ module: 'activity-recorder' });
  let buffer: ActivityInput[] = [];
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  const writeOnce = async (): Promise<void> => {
    if (buffer.length === 0) return;
    const batch = buffer;
    buffer = [];
    try {
      for (let i = 0; i < batch.length; i += ROWS_PER_STATEMENT) {
        await insertActivity(db, batch.slice(i, i + ROWS_PER_STATEMENT));
      }
    } catch (err) {
      // Re-queue: rows already written are skipped by ON CONFLICT when the batch is retried.
      buffer = batch.concat(buffer);
      if (buffer.length > maxBuffered) {
        const dropped = buffer.length - maxBuffered;
        buffer = buffer.slice(dropped);
        log.error({ dropped }, 'activity buffer full while the database is failing: dropped the oldest rows');
      }
      log.warn({ err, rows: batch.length }, 'activity batch failed; will retry');
      throw err;
    }
  };

  // Flushes are serialised so two batches never race and a failed batch keeps its place in the order.
  const flush = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const run = chain.then(writeOnce);
    chain = run.catch(() => undefined);
    return run;
  };

  const background = () => {
    flush().catch(() => {
      // Already logged; try again after the usual delay.
      schedule();
    });
  };

  const schedule = () => {
    if (timer || buffer.length === 0) return;
    timer = setTimeout(background, flushMs);
    // A pending flush must not keep a finished process (or a test) alive; close() writes what is left.
    timer.unref();
  };

  return {
    record(event) {
      buffer.push(event);
      if (closed || buffer.length >= maxBatch) background();
      else schedule();
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
    pending: () => buffer.length,
  };
}
