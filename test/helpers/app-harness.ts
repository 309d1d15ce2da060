import type { App } from '@slack/bolt';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { createProcessors } from '../../src/jobs/processors.js';
import { manifestBotEvents, type SlackSandbox, startSlackSandbox } from '../../src/sandbox/index.js';
import { createSlackApp } from '../../src/slack/create-app.js';
import { createSuiteDatabase, TEST_REDIS_URL, uniqueName } from './test-env.js';

export interface Harness {
  sandbox: SlackSandbox;
  deps: Deps;
  app: App;
  appUrl: string;
  signingSecret: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  queue?: 'redis' | 'postgres';
  /** Start the job worker in the same process (default true). */
  worker?: boolean;
  /** Reuse a database (e.g. to restart the app on the same data); default a fresh clone of the migrated template. */
  databaseUrl?: string;
}

/** Deletes what this harness's queue left in the shared Redis (its jobs, schedulers and events). */
async function removeQueueKeys(queueName: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const keys = await redis.keys(`bull:${queueName}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}

/**
 * The real Praxis — Bolt app over HTTP, PostgreSQL, BullMQ and its worker — wired to the local Slack stand-in.
 * Each harness gets its own database and queue name, so suites never see each other's data.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const signingSecret = `secret-${Math.random().toString(36).slice(2)}`;
  const sandbox = await startSlackSandbox({ signingSecret, botEvents: manifestBotEvents() });
  const databaseUrl = options.databaseUrl ?? (await createSuiteDatabase('e2e'));
  const config = loadConfig({
    SLACK_BOT_TOKEN: sandbox.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: sandbox.apiUrl,
    DATABASE_URL: databaseUrl,
    REDIS_URL: options.queue === 'postgres' ? '' : TEST_REDIS_URL,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  });
  const logger = pino({ level: config.logLevel });
  const queueName = uniqueName('praxis-e2e');
  const { deps, close } = await createDeps(config, logger, { queueName, slackRetries: 0 });
  const app = createSlackApp(deps, { botId: sandbox.botId, botUserId: sandbox.botUserId, slackRetries: 0 });
  const server = (await app.start(0)) as { address(): { port: number } };
  const appUrl = `http://127.0.0.1:${server.address().port}`;
  sandbox.setAppUrl(`${appUrl}/slack/events`);
  const worker = options.worker === false ? null : deps.queue.startWorker(createProcessors(deps));
  return {
    sandbox,
    deps,
    app,
    appUrl,
    signingSecret,
    close: async () => {
      await app.stop();
      await worker?.close();
      await close();
      await sandbox.close();
      if (options.queue !== 'postgres') await removeQueueKeys(queueName);
    },
  };
}
