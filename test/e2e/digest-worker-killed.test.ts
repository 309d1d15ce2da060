import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { setUpCommunity } from '../../src/communities/community.service.js';
import { createDatabase } from '../../src/db/client.js';
import { DIGEST_EVENT_TYPE } from '../../src/digest/blocks.js';
import { type SlackSandbox, startSlackSandbox } from '../../src/sandbox/index.js';
import { eventually } from '../helpers/eventually.js';
import { createSuiteDatabase, TEST_REDIS_URL, uniqueName } from '../helpers/test-env.js';

/** A worker process exactly as `PRAXIS_ROLE=worker npm start` runs it. */
function startWorker(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: 'ignore',
  });
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

/**
 * The digest is posted exactly once even when the worker posting it is killed (SIGKILL) after Slack accepted the
 * post but before the worker heard back and recorded it. A second worker process takes over at the next fire.
 */
describe('weekly digest with a worker killed mid-post', () => {
  let sandbox: SlackSandbox;
  let env: Record<string, string>;
  let databaseUrl: string;
  const queueName = uniqueName('praxis-kill');

  beforeAll(async () => {
    sandbox = await startSlackSandbox({ signingSecret: 'unused-here' });
    databaseUrl = await createSuiteDatabase('digestkill');
    const cora = sandbox.addUser({ name: 'cora' });
    const channel = sandbox.addChannel({ name: 'data-cop', members: [cora] });
    const db = createDatabase(databaseUrl, 2);
    const setup = await setUpCommunity(
      { db },
      { teamId: sandbox.teamId, channelId: channel.id, channelName: 'data-cop', isPrivate: false, userId: cora.id },
    );
    await db
      .updateTable('community')
      .set({ digest_cron: '*/2 * * * * *', digest_tz: 'UTC' })
      .where('id', '=', setup.community.id)
      .execute();
    await db.destroy();
    env = {
      PRAXIS_ROLE: 'worker',
      SLACK_BOT_TOKEN: sandbox.botToken,
      SLACK_API_URL: sandbox.apiUrl,
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      PRAXIS_QUEUE_NAME: queueName,
      LOG_LEVEL: 'silent',
    };
  });
  afterAll(async () => {
    await sandbox?.close();
    // The queue is this test's own; remove what the workers left in Redis.
    const redis = new Redis(TEST_REDIS_URL);
    const keys = await redis.keys(`bull:${queueName}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('posts once: the survivor finds the post by its metadata and records it instead of posting again', async () => {
    const isDigestPost = (call: { method: string; args: Record<string, unknown> }) =>
      call.method === 'chat.postMessage' && JSON.stringify(call.args).includes(DIGEST_EVENT_TYPE);
    sandbox.setLatency(3000, 'chat.postMessage');
    const first = startWorker(env);
    await eventually(async () => sandbox.received.some(isDigestPost), { timeoutMs: 60_000, intervalMs: 20 });
    first.child.kill('SIGKILL');
    await first.exited;
    // Slack still accepts the post the dead worker sent.
    await eventually(async () => sandbox.calls.some(isDigestPost), { timeoutMs: 10_000 });
    sandbox.setLatency(0, 'chat.postMessage');

    const second = startWorker(env);
    try {
      const db = createDatabase(databaseUrl, 1);
      try {
        await eventually(() => db.selectFrom('digest').selectAll().where('status', '=', 'posted').executeTakeFirst(), {
          timeoutMs: 60_000,
          intervalMs: 200,
        });
      } finally {
        await db.destroy();
      }
      // Several more fires of the same period come and go.
      await new Promise((resolve) => setTimeout(resolve, 5000));
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    expect(sandbox.received.filter(isDigestPost)).toHaveLength(1);
    expect(sandbox.calls.filter(isDigestPost)).toHaveLength(1);
    expect(sandbox.validationFailures).toEqual([]);
  }, 120_000);
});
