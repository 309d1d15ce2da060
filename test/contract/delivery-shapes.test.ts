import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type SandboxChannel,
  type SandboxUser,
  type SlackSandbox,
  startSlackSandbox,
} from '../../src/sandbox/index.js';
import { type Captured, startCaptureApp } from './helpers/capture-app.js';
import {
  javaSample,
  mergeShapes,
  REFERENCE_DIR,
  type Shape,
  sampleShape,
  shapeOf,
  shapeViolations,
} from './shape-oracle.js';

const SECRET = 'delivery-secret';
let sandbox: SlackSandbox;
let app: Awaited<ReturnType<typeof startCaptureApp>>;
let alice: SandboxUser;
let ch: SandboxChannel;

/**
 * The app-backend and event samples never recorded `view.blocks`/`view.state` content, while the views.* API samples
 * (same view object, also Slack-maintained) did; payloads carrying a view are checked against the union of both.
 */
function withViewShape(path: string, where: 'top' | 'event'): Shape {
  const view = { view: (javaSample('api/views.open.json') as { view: unknown }).view };
  return mergeShapes(sampleShape(path), shapeOf(where === 'top' ? view : { event: view }));
}

const modal = {
  type: 'modal',
  callback_id: 'ask',
  notify_on_close: true,
  title: { type: 'plain_text', text: 'Ask' },
  submit: { type: 'plain_text', text: 'Send' },
  blocks: [
    {
      type: 'input',
      block_id: 'q',
      label: { type: 'plain_text', text: 'Question' },
      element: { type: 'plain_text_input', action_id: 'text' },
    },
    {
      type: 'actions',
      block_id: 'more',
      elements: [
        { type: 'button', action_id: 'hint', text: { type: 'plain_text', text: 'Hint' } },
        {
          type: 'static_select',
          action_id: 'topic',
          placeholder: { type: 'plain_text', text: 'Topic' },
          options: [{ text: { type: 'plain_text', text: 'SQL' }, value: 'sql' }],
        },
      ],
    },
  ],
};

const captured = (predicate: (c: Captured) => boolean) => sandbox.waitFor(() => app.requests.find(predicate));
const eventOf = (type: string, subtype?: string) =>
  captured((c) => {
    const event = c.body.event as Record<string, unknown> | undefined;
    return event?.type === type && event.subtype === subtype;
  });

beforeAll(async () => {
  sandbox = await startSlackSandbox({ signingSecret: SECRET, referenceDir: REFERENCE_DIR });
  app = await startCaptureApp(SECRET);
  sandbox.setAppUrl(app.url);
  alice = sandbox.addUser({ name: 'alice' });
  ch = sandbox.addChannel({ name: 'data-cop', members: [alice] });
});

afterAll(async () => {
  await sandbox.close();
  await app.close();
});

describe('payloads sent to the app use only keys/types of the java-slack-sdk samples', () => {
  it('slash command form', async () => {
    await sandbox.slashCommand({ user: alice, channel: ch, command: '/ask', text: 'how?' });
    const request = await captured((c) => c.body.command === '/ask');
    const sample = javaSample('app-backend/slash-commands/SlashCommandPayload.json') as Record<string, unknown>;
    // Form fields are strings; every key must exist in the sample.
    expect(Object.keys(request.body).filter((k) => !(k in sample))).toEqual([]);
    expect(request.body).toMatchObject({ user_id: alice.id, channel_id: ch.id, text: 'how?', command: '/ask' });
    expect(request.signatureValid).toBe(true);
  });

  it('message events: human post, thread reply, bot echo, app_mention, edit, delete', async () => {
    const parent = await sandbox.postMessage({ user: alice, channel: ch, text: `hi <@${sandbox.botUserId}>` });
    await sandbox.postMessage({ user: alice, channel: ch, text: 'in thread', threadTs: parent.ts });
    const bot = await fetch(`${sandbox.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: ch.id,
        text: 'bot says',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'bot says' } }],
      }),
    }).then((r) => r.json() as Promise<{ ts: string }>);
    await sandbox.editMessage({ user: alice, channel: ch, ts: parent.ts, text: 'edited' });
    await sandbox.deleteMessage({ user: alice, channel: ch, ts: parent.ts });
    await sandbox.settled();
    const messages = app.requests.filter(
      (c) =>
        (c.body.event as { type?: string } | undefined)?.type === 'message' &&
        !(c.body.event as { subtype?: string }).subtype,
    );
    expect(messages).toHaveLength(3);
    for (const m of messages) expect(shapeViolations(m.body, sampleShape('events/MessagePayload.json'))).toEqual([]);
    expect(messages.map((m) => (m.body.event as { thread_ts?: string }).thread_ts)).toEqual([
      undefined,
      parent.ts,
      undefined,
    ]);
    expect(messages[2]?.body.event as { bot_id?: string; ts?: string }).toMatchObject({
      bot_id: sandbox.botId,
      ts: bot.ts,
    });
    const mention = await eventOf('app_mention');
    expect(shapeViolations(mention.body, sampleShape('events/AppMentionPayload.json'))).toEqual([]);
    expect(
      shapeViolations(
        (await eventOf('message', 'message_changed')).body,
        sampleShape('events/MessageChangedPayload.json'),
      ),
    ).toEqual([]);
    expect(
      shapeViolations(
        (await eventOf('message', 'message_deleted')).body,
        sampleShape('events/MessageDeletedPayload.json'),
      ),
    ).toEqual([]);
  });

  it('reaction_added / reaction_removed / member_joined_channel', async () => {
    const message = await sandbox.postMessage({ user: alice, channel: ch, text: 'react to me' });
    await sandbox.addReaction({ user: alice, channel: ch, ts: message.ts, name: 'tada' });
    await sandbox.removeReaction({ user: alice, channel: ch, ts: message.ts, name: 'tada' });
    const bob = sandbox.addUser({ name: 'bob' });
    await sandbox.memberJoin(bob, ch);
    expect(
      shapeViolations((await eventOf('reaction_added')).body, sampleShape('events/ReactionAddedPayload.json')),
    ).toEqual([]);
    expect(
      shapeViolations((await eventOf('reaction_removed')).body, sampleShape('events/ReactionRemovedPayload.json')),
    ).toEqual([]);
    const joined = await eventOf('member_joined_channel');
    expect(shapeViolations(joined.body, sampleShape('events/MemberJoinedChannelPayload.json'))).toEqual([]);
    expect(joined.body.event).toMatchObject({ user: bob.id, channel: ch.id });
  });

  it('app_home_opened carries the published home view', async () => {
    await fetch(`${sandbox.apiUrl}views.publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        user_id: alice.id,
        view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Home' } }] },
      }),
    });
    await sandbox.openHome(alice);
    const opened = await eventOf('app_home_opened');
    expect((opened.body.event as { view?: unknown }).view).toBeDefined();
    expect(shapeViolations(opened.body, withViewShape('events/AppHomeOpenedPayload.json', 'event'))).toEqual([]);
  });

  it('block_actions from a message, from a modal (button and select), view_submission and view_closed', async () => {
    const post = (method: string, body: unknown) =>
      fetch(`${sandbox.apiUrl}${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sandbox.botToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<Record<string, unknown>>);
    const posted = await post('chat.postMessage', {
      channel: ch.id,
      text: 'Q',
      blocks: [
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'answer', value: 'q1', text: { type: 'plain_text', text: 'Answer' } },
          ],
        },
      ],
    });
    const click = await sandbox.clickButton({
      user: alice,
      label: 'Answer',
      in: { channel: ch, ts: String(posted.ts) },
    });
    const fromMessage = await captured((c) => c.body.type === 'block_actions' && c.body.trigger_id === click.triggerId);
    expect(
      shapeViolations(fromMessage.body, sampleShape('app-backend/interactive-components/BlockActionPayload.json')),
    ).toEqual([]);
    expect(fromMessage.body).toMatchObject({
      response_url: expect.stringContaining('/actions/'),
      container: { type: 'message' },
    });

    const opened = await post('views.open', { trigger_id: click.triggerId, view: modal });
    const viewId = String((opened.view as { id: string }).id);
    const blockActionShape = withViewShape('app-backend/interactive-components/BlockActionPayload.json', 'top');
    const hint = await sandbox.clickButton({ user: alice, label: 'Hint', in: { viewId } });
    const select = await sandbox.selectOption({ user: alice, actionId: 'topic', value: 'sql', in: { viewId } });
    for (const answer of [hint, select]) {
      const request = await captured((c) => c.body.trigger_id === answer.triggerId);
      expect(shapeViolations(request.body, blockActionShape)).toEqual([]);
    }
    const submitted = await sandbox.submitView({ user: alice, viewId, values: { q: { text: 'Why?' } } });
    const submission = await captured(
      (c) => c.body.type === 'view_submission' && c.body.trigger_id === submitted.triggerId,
    );
    expect(
      shapeViolations(submission.body, withViewShape('app-backend/views/ViewSubmissionPayload.json', 'top')),
    ).toEqual([]);
    expect((submission.body.view as { state: unknown }).state).toEqual({
      values: {
        q: { text: { type: 'plain_text_input', value: 'Why?' } },
        more: { topic: { type: 'static_select', selected_option: null } },
      },
    });

    const reopened = await post('views.open', { trigger_id: submitted.triggerId, view: modal });
    await sandbox.closeView({ user: alice, viewId: String((reopened.view as { id: string }).id) });
    const closed = await captured((c) => c.body.type === 'view_closed');
    expect(shapeViolations(closed.body, withViewShape('app-backend/views/ViewClosedPayload.json', 'top'))).toEqual([]);
  });

  it('signs every delivery so the app can verify it', () => {
    expect(app.requests.length).toBeGreaterThan(10);
    expect(app.requests.every((r) => r.signatureValid)).toBe(true);
  });
});
