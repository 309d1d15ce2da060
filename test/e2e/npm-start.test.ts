import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { manifestBotEvents, type SlackSandbox, startSlackSandbox } from '../../src/sandbox/index.js';
import { eventually } from '../helpers/eventually.js';
import { createSuiteDatabase, TEST_REDIS_URL, uniqueName } from '../helpers/test-env.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs Praxis the way `npm start` does (tsx on src/main.ts), with only the given environment. */
function startPraxis(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe('npm start with no DATABASE_URL and no REDIS_URL (embedded PostgreSQL, BullMQ on PostgreSQL)', () => {
  const signingSecret = 'start-test-secret';
  let sandbox: SlackSandbox;
  let dataDir: string;
  let env: Record<string, string>;
  let appPort: number;
  let pgPort: number;

  beforeAll(async () => {
    sandbox = await startSlackSandbox({ signingSecret, botEvents: manifestBotEvents() });
    dataDir = await mkdtemp(path.join(tmpdir(), 'praxis-start-'));
    // As root, the embedded PostgreSQL runs as the postgres user, who must be able to reach the folder.
    await chmod(dataDir, 0o755);
    appPort = await freePort();
    pgPort = await freePort();
    env = {
      SLACK_BOT_TOKEN: sandbox.botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: sandbox.apiUrl,
      PORT: String(appPort),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
    };
    sandbox.setAppUrl(`http://127.0.0.1:${appPort}/slack/events`);
  });
  afterAll(async () => {
    await sandbox?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('comes up, migrates, answers /healthz, handles /ask, and keeps the question across a restart', async () => {
    const first = startPraxis(env);
    try {
      const health = await eventually(
        async () => {
          const response = await fetch(`http://127.0.0.1:${appPort}/healthz`);
          return response.ok ? response.json() : null;
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      expect(health).toEqual({ ok: true, database: true, queue: true, backend: 'postgres' });
      const cora = sandbox.addUser({ name: 'cora' });
      const channel = sandbox.addChannel({ name: 'ops-cop', members: [cora] });
      await sandbox.slashCommand({ user: cora, channel, command: '/cop', text: 'setup' });
      await sandbox.waitFor(() => sandbox.responseUrlPosts.find((p) => JSON.stringify(p).includes('is now the')), {
        timeoutMs: 10_000,
      });
      await sandbox.slashCommand({ user: cora, channel, command: '/ask', text: 'Who rotates the on-call schedule?' });
      await sandbox.waitFor(() => sandbox.messagesIn(channel).find((m) => JSON.stringify(m).includes('Who rotates')), {
        timeoutMs: 10_000,
      });
    } finally {
      first.child.kill('SIGTERM');
    }
    expect(await first.exited).toBe(0);
    expect(first.output()).not.toContain(sandbox.botToken);

    const second = startPraxis(env);
    try {
      await eventually(async () => (await fetch(`http://127.0.0.1:${appPort}/healthz`)).ok, {
        timeoutMs: 60_000,
        intervalMs: 200,
      });
      const client = new pg.Client({ connectionString: `postgres://postgres:praxis-local@127.0.0.1:${pgPort}/praxis` });
      await client.connect();
      const { rows } = await client.query('SELECT title FROM question');
      await client.end();
      expect(rows).toEqual([{ title: 'Who rotates the on-call schedule?' }]);
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(await second.exited).toBe(0);
  }, 120_000);

  it('refuses to start with missing configuration, naming what to set, with a non-zero exit', async () => {
    const started = startPraxis({ PORT: 'not-a-port' });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('SLACK_BOT_TOKEN is missing');
    expect(started.output()).toContain('SLACK_SIGNING_SECRET is missing');
    expect(started.output()).toContain('PORT must be a port number');
  });

  it('gives a clear error when DATA_DIR is not a usable folder', async () => {
    const notAFolder = path.join(dataDir, 'a-file');
    await writeFile(notAFolder, 'not a folder');
    const started = startPraxis({ ...env, DATA_DIR: notAFolder, PORT: String(await freePort()) });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain(`DATA_DIR "${notAFolder}" is not a usable folder`);
  });

  it('gives a clear error when the embedded PostgreSQL port is busy', async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const started = startPraxis({ ...env, EMBEDDED_PG_PORT: String(port), PORT: String(await freePort()) });
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain(`Port ${port} on 127.0.0.1 is busy`);
    } finally {
      blocker.close();
    }
  });
});

/** The niceness of each of a process's threads, from /proc/PID/task/TID/stat (field 19; field 2 may hold spaces). */
async function niceOf(pid: number): Promise<number[]> {
  const threads = await readdir(`/proc/${pid}/task`);
  const nices = [];
  for (const tid of threads) {
    const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    nices.push(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
  }
  return [...new Set(nices)];
}

describe('PRAXIS_ROLE=app and PRAXIS_ROLE=worker as two processes on PostgreSQL and Redis', () => {
  it('splits /ask between them: the app acks and stores, the lower-priority worker posts the question', async () => {
    const signingSecret = 'split-test-secret';
    const sandbox = await startSlackSandbox({ signingSecret, botEvents: manifestBotEvents() });
    const port = await freePort();
    const env = {
      SLACK_BOT_TOKEN: sandbox.botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: sandbox.apiUrl,
      DATABASE_URL: await createSuiteDatabase('split'),
      REDIS_URL: TEST_REDIS_URL,
      PRAXIS_QUEUE_NAME: uniqueName('praxis-split'),
      PRAXIS_WORKER_NICE: '5',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    sandbox.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
    const app = startPraxis({ ...env, PRAXIS_ROLE: 'app' });
    const worker = startPraxis({ ...env, PRAXIS_ROLE: 'worker' });
    try {
      await eventually(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, {
        timeoutMs: 60_000,
        intervalMs: 200,
      });
      const cora = sandbox.addUser({ name: 'cora' });
      const channel = sandbox.addChannel({ name: 'split-cop', members: [cora] });
      await sandbox.slashCommand({ user: cora, channel, command: '/cop', text: 'setup' });
      await sandbox.waitFor(() => sandbox.responseUrlPosts.find((p) => JSON.stringify(p).includes('is now the')), {
        timeoutMs: 10_000,
      });
      await sandbox.slashCommand({ user: cora, channel, command: '/ask', text: 'Who owns the staging database?' });
      await sandbox.waitFor(
        () => sandbox.messagesIn(channel).find((m) => JSON.stringify(m).includes('staging database')),
        {
          timeoutMs: 30_000,
        },
      );
      expect(await niceOf(app.child.pid as number)).toEqual([0]);
      expect(await niceOf(worker.child.pid as number)).toEqual([5]); // every thread, not only the main one
    } catch (error) {
      await writeFile('/tmp/split-err.txt', `${String(error)}\napp: ${app.output()}\nworker: ${worker.output()}`);
      app.child.kill('SIGKILL');
      worker.child.kill('SIGKILL');
      await sandbox.close();
      throw error;
    }
    app.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(await worker.exited).toBe(0);
    await sandbox.close();
  }, 120_000);
});

describe('PRAXIS_ROLE=app stopped while a listener still works after its ack', () => {
  it('lets the acknowledged work finish before closing the database, then exits cleanly', async () => {
    const signingSecret = 'drain-test-secret';
    const sandbox = await startSlackSandbox({ signingSecret, botEvents: manifestBotEvents() });
    const port = await freePort();
    const databaseUrl = await createSuiteDatabase('drain');
    const env = {
      SLACK_BOT_TOKEN: sandbox.botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: sandbox.apiUrl,
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      PRAXIS_QUEUE_NAME: uniqueName('praxis-drain'),
      PORT: String(port),
      LOG_LEVEL: 'warn',
    };
    sandbox.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
    const all = startPraxis({ ...env, PRAXIS_ROLE: 'all' });
    let app: Started | null = null;
    try {
      await eventually(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, {
        timeoutMs: 60_000,
        intervalMs: 200,
      });
      const cora = sandbox.addUser({ name: 'cora' });
      const dana = sandbox.addUser({ name: 'dana' });
      const channel = sandbox.addChannel({ name: 'drain-cop', members: [cora, dana] });
      await sandbox.slashCommand({ user: cora, channel, command: '/cop', text: 'setup' });
      await sandbox.waitFor(() => sandbox.responseUrlPosts.find((p) => JSON.stringify(p).includes('is now the')), {
        timeoutMs: 10_000,
      });
      await sandbox.slashCommand({ user: cora, channel, command: '/ask', text: 'Where do the backups go?' });
      const question = await sandbox.waitFor(
        () => sandbox.messagesIn(channel).find((m) => JSON.stringify(m).includes('Where do the backups go')),
        { timeoutMs: 30_000 },
      );
      all.child.kill('SIGTERM');
      expect(await all.exited).toBe(0);

      // Only the app now, and Slack answering slowly: dana is new, so her answer waits on users.info after the ack.
      app = startPraxis({ ...env, PRAXIS_ROLE: 'app' });
      await eventually(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, {
        timeoutMs: 60_000,
        intervalMs: 200,
      });
      sandbox.setLatency(1500, 'users.info');
      await sandbox.postMessage({ user: dana, channel, text: 'To the S3 bucket, nightly.', threadTs: question.ts });
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      const { rows } = await db.query('SELECT user_id FROM answer');
      await db.end();
      expect(rows).toEqual([{ user_id: dana.id }]);
    } catch (error) {
      all.child.kill('SIGKILL');
      app?.child.kill('SIGKILL');
      throw error;
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
