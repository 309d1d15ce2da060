import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type SandboxChannel,
  type SandboxUser,
  type SlackSandbox,
  startSlackSandbox,
} from '../../../src/sandbox/index.js';
import { type CaptureAnswer, type Captured, startCaptureApp } from '../../contract/helpers/capture-app.js';
import { REFERENCE_DIR } from '../../contract/shape-oracle.js';

const SECRET = 'driver-secret';
let sandbox: SlackSandbox;
let app: Awaited<ReturnType<typeof startCaptureApp>>;
let answer: (c: Captured) => CaptureAnswer | undefined = () => undefined;
let alice: SandboxUser;
let ch: SandboxChannel;

const api = (method: string, body: unknown) =>
  fetch(`${sandbox.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sandbox.botToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then((r) => r.json() as Promise<Record<string, unknown>>);
const postJson = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const modal = (blocks: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  callback_id: 'm',
  title: { type: 'plain_text', text: 'M' },
  submit: { type: 'plain_text', text: 'OK' },
  blocks,
  ...extra,
});
const textInput = (blockId: string, optional = false) => ({
  type: 'input',
  block_id: blockId,
  optional,
  label: { type: 'plain_text', text: blockId },
  element: { type: 'plain_text_input', action_id: 'v', max_length: 10 },
});

beforeAll(async () => {
  sandbox = await startSlackSandbox({ signingSecret: SECRET, referenceDir: REFERENCE_DIR });
  app = await startCaptureApp(SECRET, (c) => answer(c));
  sandbox.setAppUrl(app.url);
  alice = sandbox.addUser({ name: 'alice' });
  ch = sandbox.addChannel({ name: 'data-cop', members: [alice] });
});

afterAll(async () => {
  await sandbox.close();
  await app.close();
});

describe('response_url', () => {
  it('shows a slash command ack body as an ephemeral message', async () => {
    answer = () => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Working on it' }),
    });
    await sandbox.slashCommand({ user: alice, channel: ch, command: '/ask' });
    expect(sandbox.ephemerals.at(-1)).toMatchObject({ text: 'Working on it', user: alice.id, source: 'ack' });
    answer = () => undefined;
  });

  it('posts in channel, validates blocks, and stops after 5 uses', async () => {
    const { responseUrl } = await sandbox.slashCommand({ user: alice, channel: ch, command: '/ask' });
    const url = responseUrl as string;
    expect((await postJson(url, { response_type: 'in_channel', text: 'For everyone' })).status).toBe(200);
    expect(sandbox.messagesIn(ch).at(-1)).toMatchObject({ text: 'For everyone', user: sandbox.botUserId });
    const bad = await postJson(url, {
      text: 'x',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }],
    });
    expect([bad.status, await bad.json()]).toEqual([400, { ok: false, error: 'invalid_blocks' }]);
    expect(sandbox.validationFailures.at(-1)?.method).toBe('response_url');
    for (let i = 0; i < 3; i += 1) await postJson(url, { text: `ephemeral ${i}` });
    const sixth = await postJson(url, { text: 'too many' });
    expect([sixth.status, await sixth.json()]).toEqual([404, { ok: false, error: 'used_url' }]);
    expect(sandbox.responseUrlPosts.filter((p) => p.url === url).map((p) => p.status)).toEqual([
      200, 400, 200, 200, 200, 404,
    ]);
  });

  it('replace_original updates the clicked message and delivers message_changed', async () => {
    const posted = await api('chat.postMessage', {
      channel: ch.id,
      text: 'Q',
      blocks: [
        { type: 'actions', elements: [{ type: 'button', action_id: 'go', text: { type: 'plain_text', text: 'Go' } }] },
      ],
    });
    const click = await sandbox.clickButton({ user: alice, label: 'Go', in: { channel: ch, ts: String(posted.ts) } });
    await postJson(click.responseUrl as string, { replace_original: true, text: 'Done' });
    expect(sandbox.messagesIn(ch).find((m) => m.ts === posted.ts)).toMatchObject({ text: 'Done', blocks: undefined });
    await sandbox.waitFor(() =>
      app.requests.find((r) => (r.body.event as { subtype?: string } | undefined)?.subtype === 'message_changed'),
    );
  });
});

describe('modals', () => {
  it('enforces required inputs and max_length as the Slack client does, and reports unknown ids', async () => {
    const { triggerId } = await sandbox.slashCommand({ user: alice, channel: ch, command: '/ask' });
    const opened = await api('views.open', {
      trigger_id: triggerId,
      view: modal([textInput('title'), textInput('note', true)]),
    });
    const viewId = String((opened.view as { id: string }).id);
    await expect(sandbox.submitView({ user: alice, viewId })).rejects.toThrow('required input title is empty');
    await expect(sandbox.submitView({ user: alice, viewId, values: { title: { v: 'x'.repeat(11) } } })).rejects.toThrow(
      'limited to 10',
    );
    await expect(sandbox.submitView({ user: alice, viewId, values: { titel: { v: 'x' } } })).rejects.toThrow(
      'inputs: title.v, note.v',
    );
  });

  it('applies response_action errors, update and push', async () => {
    const { triggerId } = await sandbox.slashCommand({ user: alice, channel: ch, command: '/ask' });
    const opened = await api('views.open', { trigger_id: triggerId, view: modal([textInput('title')]) });
    const viewId = String((opened.view as { id: string }).id);
    const reply = (body: unknown) => () => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

    answer = reply({ response_action: 'errors', errors: { title: 'Too vague' } });
    const errors = await sandbox.submitView({ user: alice, viewId, values: { title: { v: 'help' } } });
    expect(errors).toMatchObject({ responseAction: 'errors', errors: { title: 'Too vague' } });
    expect(sandbox.viewStack(alice).map((v) => v.id)).toEqual([viewId]);

    answer = reply({
      response_action: 'update',
      view: modal([textInput('title')], { title: { type: 'plain_text', text: 'Step 2' } }),
    });
    await sandbox.submitView({ user: alice, viewId, values: { title: { v: 'better' } } });
    expect(sandbox.viewStack(alice)[0]?.spec.title).toEqual({ type: 'plain_text', text: 'Step 2' });

    answer = reply({
      response_action: 'push',
      view: modal([{ type: 'section', text: { type: 'mrkdwn', text: 'sure?' } }]),
    });
    await sandbox.submitView({ user: alice, viewId, values: { title: { v: 'final' } } });
    expect(sandbox.viewStack(alice)).toHaveLength(2);

    answer = reply({ response_action: 'clear' });
    const top = sandbox.viewStack(alice)[1]?.id as string;
    await sandbox.submitView({ user: alice, viewId: top });
    expect(sandbox.viewStack(alice)).toEqual([]);
    answer = () => undefined;
  });
});
