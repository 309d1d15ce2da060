import { setTimeout as sleep } from 'node:timers/promises';
import { App, LogLevel } from '@slack/bolt';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { createDeps, type Deps } from '../src/deps.js';
import { createProcessors } from '../src/jobs/processors.js';
import { type SlackSandbox, startSlackSandbox } from '../src/sandbox/index.js';
import { createSlackApp } from '../src/slack/create-app.js';
import { REDIS_URL } from './database.js';

/**
 * The real Praxis as `npm start` runs it with PRAXIS_ROLE=all (Bolt app over HTTP, production ack mode, BullMQ worker
 * in the same process), wired to the local Slack stand-in; the approach of test/helpers/app-harness.ts.
 */
export interface Praxis {
  sandbox: SlackSandbox;
  deps: Deps;
  url: string;
  signingSecret: string;
  /** Points the stand-in at the real app or at the bare one. */
  target(which: 'praxis' | 'bare'): void;
  /** A job of this run's queue (to see when the routing of a question finished). */
  job(id: string): Promise<Job | undefined>;
  /** Resolves when no job is waiting or running (delayed escalations do not count). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startPraxis(databaseUrl: string): Promise<Praxis> {
  const signingSecret = `bench-${Math.random().toString(36).slice(2)}`;
  const sandbox = await startSlackSandbox({ signingSecret, deliveryTimeoutMs: 30_000 });
  const config = loadConfig({
    SLACK_BOT_TOKEN: sandbox.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: sandbox.apiUrl,
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
  });
  const queueName = `praxis-bench-${process.pid}-${Date.now().toString(36)}`;
  const { deps, close } = await createDeps(config, pino({ level: config.logLevel }), { queueName, slackRetries: 0 });
  const app = createSlackApp(deps, { botId: sandbox.botId, botUserId: sandbox.botUserId, slackRetries: 0 });
  const server = (await app.start(0)) as { address(): { port: number } };
  const url = `http://127.0.0.1:${server.address().port}/slack/events`;
  const worker = deps.queue.startWorker(createProcessors(deps));
  const bare = await startBareApp(sandbox, signingSecret);
  sandbox.setAppUrl(url);
  // A separate handle on the same queue, only to observe it: the app's JobQueue deliberately exposes no job lookups.
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const observer = new Queue(queueName, { connection });
  return {
    sandbox,
    deps,
    url,
    signingSecret,
    target: (which) => sandbox.setAppUrl(which === 'praxis' ? url : bare.url),
    job: (id) => observer.getJob(id),
    idle: async () => {
      for (;;) {
        const counts = await observer.getJobCounts('waiting', 'active', 'prioritized');
        if (Object.values(counts).every((n) => n === 0)) return;
        await sleep(20);
      }
    },
    close: async () => {
      await bare.app.stop();
      await app.stop();
      await worker.close();
      await close();
      // Remove the run's queue keys from Redis (BullMQ keeps completed jobs).
      await observer.obliterate({ force: true }).catch(() => undefined);
      await observer.close();
      await connection.quit();
      await sandbox.close();
    },
  };
}

/** The baseline: a Bolt app with the same receiver and settings whose /ask handler only acks. */
async function startBareApp(sandbox: SlackSandbox, signingSecret: string): Promise<{ app: App; url: string }> {
  const app = new App({
    token: sandbox.botToken,
    signingSecret,
    botId: sandbox.botId,
    botUserId: sandbox.botUserId,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } },
  });
  app.command('/ask', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start(0)) as { address(): { port: number } };
  return { app, url: `http://127.0.0.1:${server.address().port}/slack/events` };
}
