import { describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import type { JobPayloads } from '../../../src/jobs/job-types.js';
import { openJobQueue, type QueueBackendConfig } from '../../../src/jobs/queues.js';
import { eventually } from '../../helpers/eventually.js';
import { createSuiteDatabase, TEST_REDIS_URL, uniqueName } from '../../helpers/test-env.js';

const logger = pino({ level: 'silent' });
let postgresUrl: string | null = null;

async function backend(kind: 'redis' | 'postgres'): Promise<QueueBackendConfig> {
  if (kind === 'redis') return { kind, url: TEST_REDIS_URL };
  postgresUrl ??= await createSuiteDatabase('queue');
  return { kind, connectionString: postgresUrl };
}

describe.each(['redis', 'postgres'] as const)('the job queue on %s', (kind) => {
  it('runs a delayed job once, with a stable job id making a second enqueue a no-op', async () => {
    const queue = openJobQueue(await backend(kind), uniqueName('q'), logger);
    const runs: Array<JobPayloads['escalate-question']> = [];
    const worker = queue.startWorker({
      'escalate-question': async (data) => {
        runs.push(data);
      },
    });
    try {
      const payload = { questionId: 7, stage: 'open-call' as const };
      await queue.add('escalate-question', payload, { delay: 200, jobId: 'escalate-7-open-call' });
      await queue.add('escalate-question', payload, { delay: 200, jobId: 'escalate-7-open-call' });
      await eventually(async () => runs.length === 1);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(runs).toEqual([payload]);
      expect(await queue.health()).toBe(true);
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('queues several jobs in one call (or a lone one), a stable job id still making a repeat a no-op', async () => {
    const queue = openJobQueue(await backend(kind), uniqueName('q'), logger);
    const runs: number[] = [];
    const worker = queue.startWorker({
      'post-question': async ({ questionId }) => {
        runs.push(questionId);
      },
    });
    try {
      const job = (questionId: number) => ({
        name: 'post-question' as const,
        data: { questionId },
        options: { jobId: `post-question-${questionId}` },
      });
      await queue.addBulk([job(1), job(2), job(3)]);
      await queue.addBulk([job(3)]);
      await queue.addBulk([]);
      await queue.addBulk([job(4)]);
      await eventually(async () => runs.length === 4);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect([...runs].sort()).toEqual([1, 2, 3, 4]);
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('closing waits for the active job to finish instead of losing it', async () => {
    const queue = openJobQueue(await backend(kind), uniqueName('q'), logger);
    let started = false;
    let finished = false;
    queue.startWorker({
      'weekly-digest': async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 800));
        finished = true;
      },
    });
    await queue.add('weekly-digest', { communityId: 1 });
    await eventually(async () => started);
    await queue.close();
    expect(finished).toBe(true);
  });

  it('keeps a repeating schedule as data: upsert is idempotent and removal stops it', async () => {
    const queue = openJobQueue(await backend(kind), uniqueName('q'), logger);
    try {
      await queue.upsertScheduler('digest:1', { pattern: '0 0 9 * * 1', tz: 'Asia/Tokyo' }, 'weekly-digest', {
        communityId: 1,
      });
      await queue.upsertScheduler('digest:1', { pattern: '0 0 9 * * 1', tz: 'Asia/Tokyo' }, 'weekly-digest', {
        communityId: 1,
      });
      const next = await queue.schedulerNext('digest:1');
      // 09:00 on a Monday in Tokyo is 00:00 UTC on that Monday.
      expect(next?.getUTCDay()).toBe(1);
      expect(next?.getUTCHours()).toBe(0);
      expect(await queue.removeScheduler('digest:1')).toBe(true);
      expect(await queue.schedulerNext('digest:1')).toBeNull();
    } finally {
      await queue.close();
    }
  });
});
