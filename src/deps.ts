import { webApi } from '@slack/bolt';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type ActivityRecorder, createActivityRecorder } from './activity/activity-recorder.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import { type JobQueue, openJobQueue } from './jobs/queues.js';
import { toBoltLogger } from './logger.js';

/**
 * Everything a listener, service or processor needs, built once and passed down. There are no module singletons:
 * tests build their own Deps against their own database, queue and Slack stand-in.
 */
export interface Deps {
  config: Config;
  logger: Logger;
  db: Kysely<Database>;
  queue: JobQueue;
  /** A Web API client for work outside a Slack request (jobs). Listeners use the client Bolt hands them. */
  slack: webApi.WebClient;
  /** Batched writer of activity metadata (busy channels cost one INSERT per batch). */
  activity: ActivityRecorder;
  /** Injected so tests can move time (escalation, digests, freshness). */
  now: () => Date;
}

export interface DepsOptions {
  /** BullMQ queue name; tests pass a unique one. */
  queueName?: string;
  now?: () => Date;
  /** Override the WebClient's retry policy (tests use no retries so failures surface at once). */
  slackRetries?: number;
}

/** Creates the Web API client every part of Praxis uses, pointed at SLACK_API_URL and logging through pino. */
export function createSlackClient(config: Config, logger: Logger, retries?: number): webApi.WebClient {
  return new webApi.WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    logger: toBoltLogger(logger),
    ...(retries === undefined ? {} : { retryConfig: { retries } }),
  });
}

/**
 * Opens the database (migrating it: safe with several processes starting at once) and the job queue, and returns
 * the deps with a `close` that releases them in reverse order: queue (waits for active jobs), then database.
 */
export async function createDeps(
  config: Config,
  logger: Logger,
  options: DepsOptions = {},
): Promise<{ deps: Deps; close: () => Promise<void> }> {
  const database = await openDatabase(config, logger);
  try {
    await migrateToLatest(database.db, logger);
  } catch (error) {
    await database.close();
    throw error;
  }
  const queue = openJobQueue(
    config.redisUrl
      ? { kind: 'redis', url: config.redisUrl }
      : { kind: 'postgres', connectionString: database.connectionString },
    options.queueName ?? config.queueName,
    logger,
  );
  const deps: Deps = {
    config,
    logger,
    db: database.db,
    queue,
    slack: createSlackClient(config, logger, options.slackRetries),
    activity: createActivityRecorder(database.db, logger),
    now: options.now ?? (() => new Date()),
  };
  return {
    deps,
    close: async () => {
      await queue.close();
      await deps.activity.close();
      await database.close();
    },
  };
}
