import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App, type BlockAction, LogLevel } from '@slack/bolt';
import {
  type SandboxChannel,
  type SandboxUser,
  type SlackSandbox,
  startSlackSandbox,
} from '../../../src/sandbox/index.js';
import { REFERENCE_DIR } from '../../contract/shape-oracle.js';

const SECRET = 'bolt-secret';
let sandbox: SlackSandbox;
let app: App;
let server: Server;
let alice: SandboxUser;
let ch: SandboxChannel;
const heard: { text?: string; botId?: string }[] = [];
const reactions: { eventId: string; retryNum?: number }[] = [];

const askModal = {
  type: 'modal' as const,
  callback_id: 'ask_modal',
  title: { type: 'plain_text' as const, text: 'Ask the CoP' },
  submit: { type: 'plain_text' as const, text: 'Ask' },
  blocks: [
    {
      type: 'input',
      block_id: 'q',
      label: { type: 'plain_text', text: 'Question' },
      element: { type: 'plain_text_input', action_id: 'text' },
    },
    {
      type: 'input',
      block_id: 'who',
      optional: true,
      label: { type: 'plain_text', text: 'Expert' },
      element: { type: 'users_select', action_id: 'user' },
    },
  ],
};

beforeAll(async () => {
  sandbox = await startSlackSandbox({ signingSecret: SECRET, referenceDir: REFERENCE_DIR });
  alice = sandbox.addUser({ name: 'alice' });
  ch = sandbox.addChannel({ name: 'data-cop', members: [alice] });
  app = new App({
    token: sandbox.botToken,
    signingSecret: SECRET,
    botId: sandbox.botId,
    botUserId: sandbox.botUserId,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } },
  });
  app.command('/ask', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: askModal });
  });
  app.command('/slow', async ({ ack, body, client }) => {
    await ack();
    await client.chat.postEphemeral({ channel: body.channel_id, user: body.user_id, text: 'slow but sure' });
  });
  app.view('ask_modal', async ({ ack, view, client }) => {
    await ack();
    const question = view.state.values.q?.text?.value ?? '';
    const expert = view.state.values.who?.user?.selected_user;
    await client.chat.postMessage({
      channel: ch.id,
      text: question,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `${question} (for <@${expert}>)` } },
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'answer', value: 'q1', text: { type: 'plain_text', text: 'Answer' } },
          ],
        },
      ],
    });
  });
  app.action<BlockAction>('answer', async ({ ack, respond, body, client }) => {
    await ack();
    await respond({ response_type: 'ephemeral', replace_original: false, text: 'Thanks for answering' });
    await client.reactions.add({
      channel: body.container.channel_id,
      timestamp: body.container.message_ts,
      name: 'white_check_mark',
    });
  });
  app.message(async ({ message, say }) => {
    const m = message as { text?: string; bot_id?: string; ts: string };
    heard.push({ text: m.text, botId: m.bot_id });
    if (m.text?.includes('help')) await say({ text: 'On it', thread_ts: m.ts });
  });
  app.event('reaction_added', async ({ body, context }) => {
    reactions.push({ eventId: String(body.event_id), retryNum: context.retryNum });
  });
  server = (await app.start(0)) as Server;
  sandbox.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
});

afterAll(async () => {
  await sandbox.close();
  await app.stop();
});

describe('a real Bolt app driven through the stand-in', () => {
  it('slash command → modal → submission → message with a button', async () => {
    const bob = sandbox.addUser({ name: 'bob' });
    const res = await sandbox.slashCommand({ user: alice, channel: ch, command: '/ask', text: '' });
    expect(res.status).toBe(200);
    const open = await sandbox.waitFor(() => sandbox.callsTo('views.open').find((c) => c.response.ok));
    const viewId = (open.response.view as { id: string }).id;
    const submitted = await sandbox.submitView({
      user: alice,
      viewId,
      values: { q: { text: 'How do I join tables?' }, who: { user: bob.id } },
    });
    expect(submitted.status).toBe(200);
    expect(sandbox.viewStack(alice)).toEqual([]);
    const posted = await sandbox.waitFor(() => sandbox.messagesIn(ch).find((m) => m.text === 'How do I join tables?'));
    expect(JSON.stringify(posted.blocks)).toContain(`<@${bob.id}>`);
    expect(sandbox.validationFailures).toEqual([]);
  });

  it('button click → respond() via response_url and a reaction via the Web API', async () => {
    const question = sandbox.messagesIn(ch).find((m) => m.text === 'How do I join tables?');
    const click = await sandbox.clickButton({
      user: alice,
      label: 'Answer',
      in: { channel: ch, ts: question?.ts as string },
    });
    expect(click.status).toBe(200);
    const ephemeral = await sandbox.waitFor(() => sandbox.ephemerals.find((e) => e.text === 'Thanks for answering'));
    expect(ephemeral).toMatchObject({ user: alice.id, channel: ch.id, source: 'response_url' });
    await sandbox.waitFor(() => question?.reactions.some((r) => r.name === 'white_check_mark'));
  });

  it('a human message event gets a threaded reply; the echo of that reply is dropped by ignoreSelf', async () => {
    const before = heard.length;
    const human = await sandbox.postMessage({ user: alice, channel: ch, text: 'help please' });
    const reply = await sandbox.waitFor(() => sandbox.thread(ch, human.ts)[1]);
    expect(reply).toMatchObject({ text: 'On it', user: sandbox.botUserId, threadTs: human.ts });
    await sandbox.settled();
    const echo = sandbox.delivered.find((d) => (d.payload as { event?: { ts?: string } }).event?.ts === reply.ts);
    expect(echo).toMatchObject({ kind: 'event:message', status: 200 });
    expect(echo?.payload).toMatchObject({ event: { bot_id: sandbox.botId, user: sandbox.botUserId } });
    expect(heard.slice(before)).toEqual([{ text: 'help please', botId: undefined }]);
  });

  it('redelivers an event with the same event_id and retry headers', async () => {
    const m = await sandbox.postMessage({ user: alice, channel: ch, text: 'react here' });
    const deliveries = await sandbox.deliverEvent(
      {
        type: 'reaction_added',
        user: alice.id,
        item: { type: 'message', channel: ch.id, ts: m.ts },
        reaction: 'eyes',
        item_user: alice.id,
        event_ts: m.ts,
      },
      { times: 3 },
    );
    expect(deliveries.map((d) => [d.status, d.retryNum])).toEqual([
      [200, 0],
      [200, 1],
      [200, 2],
    ]);
    await sandbox.waitFor(() => reactions.length >= 3);
    expect(new Set(reactions.map((r) => r.eventId)).size).toBe(1);
    expect(reactions.map((r) => r.retryNum)).toEqual([undefined, 1, 2]);
  });

  it('acks before its Web API calls finish against a slow stand-in', async () => {
    sandbox.setLatency(1500);
    try {
      const res = await sandbox.slashCommand({ user: alice, channel: ch, command: '/slow' });
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(1000);
      expect(sandbox.ephemerals.find((e) => e.text === 'slow but sure')).toBeUndefined();
      await sandbox.waitFor(() => sandbox.ephemerals.find((e) => e.text === 'slow but sure'), { timeoutMs: 5000 });
    } finally {
      sandbox.setLatency(0);
    }
  });
});
