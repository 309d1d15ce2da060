import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { App } from '@slack/bolt';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { createProcessors } from '../../src/jobs/processors.js';
import { manifestBotEvents, type SlackSandbox, startSlackSandbox } from '../../src/sandbox/index.js';
import { createSlackApp } from '../../src/slack/create-app.js';
import { eventually } from '../helpers/eventually.js';
import { createSuiteDatabase, uniqueName } from '../helpers/test-env.js';

// The README's Socket Mode (SLACK_APP_TOKEN set): the real Bolt app opens a WebSocket to the stand-in and receives
// commands, interactions and events over it. The sandbox gets no Request URL at all, so anything that still went
// over HTTP would throw "call sandbox.setAppUrl(url) first" instead of passing by accident. Bolt hands the app's
// clientOptions (SLACK_API_URL) to Socket Mode's own client too, so apps.connections.open reaches the stand-in.

describe('Praxis in Socket Mode, against the Slack stand-in', () => {
  let sandbox: SlackSandbox;
  let deps: Deps;
  let app: App;
  let closeDeps: () => Promise<void>;
  let worker: { close(): Promise<void> } | null = null;
  let alice: { id: string };
  let channel: { id: string };

  beforeAll(async () => {
    const appToken = `xapp-1-A0-${Math.random().toString(36).slice(2)}`;
    sandbox = await startSlackSandbox({
      signingSecret: 'unused-in-socket-mode',
      appToken,
      botEvents: manifestBotEvents(),
    });
    const config = loadConfig({
      SLACK_BOT_TOKEN: sandbox.botToken,
      SLACK_APP_TOKEN: appToken,
      SLACK_API_URL: sandbox.apiUrl,
      DATABASE_URL: await createSuiteDatabase('e2e_socket'),
      REDIS_URL: '', // the PostgreSQL queue: nothing to clean up in the shared Redis
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
    const created = await createDeps(config, pino({ level: config.logLevel }), {
      queueName: uniqueName('praxis-e2e-socket'),
      slackRetries: 0,
    });
    deps = created.deps;
    closeDeps = created.close;
    app = createSlackApp(deps, { botId: sandbox.botId, botUserId: sandbox.botUserId, slackRetries: 0 });
    await app.start(); // resolves once the stand-in said hello
    worker = deps.queue.startWorker(createProcessors(deps));

    alice = sandbox.addUser({ name: 'alice' });
    const cora = sandbox.addUser({ name: 'cora' });
    channel = sandbox.addChannel({ name: 'socket-cop', members: [alice, cora] });
    const setup = await sandbox.slashCommand({ user: cora, channel, command: '/cop', text: 'setup' });
    expect(setup.status).toBe(200);
    await sandbox.waitFor(() => sandbox.responseUrlPosts.find((p) => JSON.stringify(p).includes('is now the')));
  });

  afterAll(async () => {
    await app?.stop(); // disconnects the socket (and turns its reconnects off) before the stand-in goes away
    await worker?.close();
    await closeDeps?.();
    await sandbox?.close();
  });

  /** `/ask <text>` by alice: acked (over the socket), then the question's post in the channel. */
  const askAndSeePosted = async (text: string) => {
    const answer = await sandbox.slashCommand({ user: alice, channel, command: '/ask', text });
    expect(answer.status).toBe(200);
    return sandbox.waitFor(() => sandbox.messagesIn(channel).find((m) => JSON.stringify(m).includes(text)));
  };

  it('connects with the app-level token and keeps one socket open', () => {
    const opens = sandbox.callsTo('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]?.response).toMatchObject({
      ok: true,
      url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/link\//),
    });
    expect(sandbox.socketModeConnections).toBe(1);
  });

  it('/ask <question> is acked over the socket and the question is posted in the channel', async () => {
    const posted = await askAndSeePosted('How do we rotate keys?');
    expect(JSON.stringify(posted)).toContain(`<@${alice.id}>`);
    const stored = await eventually(() =>
      deps.db.selectFrom('question').select('title').where('asker_id', '=', alice.id).executeTakeFirst(),
    );
    expect(stored.title).toBe('How do we rotate keys?');
  });

  it('/ask without text opens the modal (trigger_id over the socket) and its submission posts the question', async () => {
    const answer = await sandbox.slashCommand({ user: alice, channel, command: '/ask', text: '' });
    expect(answer.status).toBe(200);
    const modal = await sandbox.waitFor(() =>
      sandbox.views.find((v) => v.spec.callback_id === 'ask_modal' && v.user === alice.id && v.open),
    );
    const submitted = await sandbox.submitView({
      user: alice,
      viewId: modal.id,
      values: { ask_title: { value: 'Who owns the staging cluster?' } },
    });
    expect(submitted.status).toBe(200);
    await sandbox.waitFor(() =>
      sandbox.messagesIn(channel).find((m) => JSON.stringify(m).includes('Who owns the staging cluster?')),
    );
  });

  it('delivers events: a channel message is recorded and opening Home publishes the Home tab', async () => {
    const message = await sandbox.postMessage({ user: alice, channel, text: 'morning all' });
    await eventually(async () => {
      await deps.activity.flush();
      return deps.db
        .selectFrom('activity_event')
        .select('user_id')
        .where('channel_id', '=', channel.id)
        .where('item_ts', '=', message.ts)
        .executeTakeFirst();
    });
    const opened = await sandbox.openHome(alice);
    expect(opened?.status).toBe(200);
    await sandbox.waitFor(() => sandbox.homeOf(alice));
  });

  it("answers the client's pings, so it keeps its connection past its pong watchdog", async () => {
    // Bolt's client pings every ~1.7 s and drops a connection after four pings without a pong (~6.7 s). Elapsed
    // time is the thing under test here, so this one waits instead of polling.
    const opensBefore = sandbox.callsTo('apps.connections.open').length;
    await new Promise((resolve) => setTimeout(resolve, 7500));
    expect(sandbox.socketModeConnections).toBe(1);
    expect(sandbox.callsTo('apps.connections.open')).toHaveLength(opensBefore);
  });

  it('reconnects when Slack asks it to (a `disconnect` message), and keeps working', async () => {
    const opensBefore = sandbox.callsTo('apps.connections.open').length;
    sandbox.requestSocketModeReconnect();
    // The client waits its reconnect delay (5 s for a first failure), then asks apps.connections.open for a new URL.
    await sandbox.waitFor(
      () => sandbox.callsTo('apps.connections.open').length > opensBefore && sandbox.socketModeConnections === 1,
      { timeoutMs: 15_000 },
    );
    await askAndSeePosted('Still there after a reconnect?');
  });

  it('every delivery went over the socket, was acked, and every payload was valid', () => {
    const kinds = new Set(sandbox.delivered.map((d) => d.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['slash_command', 'view_submission', 'event:message']));
    expect(sandbox.delivered.filter((d) => d.status !== 200)).toEqual([]);
    expect(sandbox.validationFailures).toEqual([]);
  });
});
