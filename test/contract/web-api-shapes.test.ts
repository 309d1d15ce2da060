import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type SlackSandbox, startSlackSandbox } from '../../src/sandbox/index.js';
import { startCaptureApp } from './helpers/capture-app.js';
import { REFERENCE_DIR, sampleShape, shapeViolations } from './shape-oracle.js';

const SECRET = 'contract-secret';
let sandbox: SlackSandbox;
let app: Awaited<ReturnType<typeof startCaptureApp>>;

/** Calls a method the way WebClient does (form body, JSON-encoded nested args, Bearer token) and returns the JSON. */
async function call(method: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(args))
    form.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  const res = await fetch(`${sandbox.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sandbox.botToken}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  return (await res.json()) as Record<string, unknown>;
}

const section = (text: string, blockId?: string) => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...(blockId ? { block_id: blockId } : {}),
});
const modal = {
  type: 'modal',
  callback_id: 'ask',
  title: { type: 'plain_text', text: 'Ask' },
  submit: { type: 'plain_text', text: 'Send' },
  blocks: [
    {
      type: 'input',
      block_id: 'q',
      label: { type: 'plain_text', text: 'Question' },
      element: { type: 'plain_text_input', action_id: 'text' },
    },
  ],
};

async function freshTrigger(user: string, channel: string): Promise<string> {
  return (await sandbox.slashCommand({ user, channel, command: '/ask' })).triggerId;
}

const responses: Record<string, Record<string, unknown>> = {};

beforeAll(async () => {
  sandbox = await startSlackSandbox({ signingSecret: SECRET, referenceDir: REFERENCE_DIR });
  app = await startCaptureApp(SECRET);
  sandbox.setAppUrl(app.url);
  const alice = sandbox.addUser({ name: 'alice', tz: 'Europe/Paris' });
  const bob = sandbox.addUser({ name: 'bob' });
  const ch = sandbox.addChannel({ name: 'data-cop', members: [alice, bob] });
  const blocks = [
    section('Hello'),
    {
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Answer' }, action_id: 'answer', value: 'q1' }],
    },
  ];
  responses['auth.test'] = await call('auth.test', {});
  const posted = await call('chat.postMessage', {
    channel: ch.id,
    text: 'Hello',
    blocks,
    metadata: { event_type: 'question_posted', event_payload: { id: 1 } },
  });
  responses['chat.postMessage'] = posted;
  const ts = String(posted.ts);
  await call('chat.postMessage', { channel: ch.id, text: 'reply', thread_ts: ts });
  await sandbox.postMessage({ user: alice, channel: ch, text: 'human reply', threadTs: ts });
  responses['chat.postEphemeral'] = await call('chat.postEphemeral', {
    channel: ch.id,
    user: alice.id,
    text: 'only you',
    blocks: [section('psst')],
  });
  responses['chat.update'] = await call('chat.update', {
    channel: ch.id,
    ts,
    text: 'Edited',
    blocks: [section('Edited')],
  });
  responses['chat.getPermalink'] = await call('chat.getPermalink', { channel: ch.id, message_ts: ts });
  responses['reactions.add'] = await call('reactions.add', { channel: ch.id, timestamp: ts, name: 'eyes' });
  await sandbox.addReaction({ user: alice, channel: ch, ts, name: 'eyes' });
  responses['conversations.replies'] = await call('conversations.replies', { channel: ch.id, ts });
  responses['conversations.open'] = await call('conversations.open', { users: alice.id });
  responses['conversations.info'] = await call('conversations.info', { channel: ch.id });
  responses['users.info'] = await call('users.info', { user: alice.id });
  responses['views.open'] = await call('views.open', { trigger_id: await freshTrigger(alice.id, ch.id), view: modal });
  const viewId = String((responses['views.open'].view as { id: string }).id);
  responses['views.push'] = await call('views.push', { trigger_id: await freshTrigger(alice.id, ch.id), view: modal });
  responses['views.update'] = await call('views.update', { view_id: viewId, view: modal });
  responses['views.publish'] = await call('views.publish', {
    user_id: bob.id,
    view: { type: 'home', blocks: [section('Home')] },
  });
  responses['conversations.history'] = await call('conversations.history', { channel: ch.id });
  responses['conversations.members'] = await call('conversations.members', { channel: ch.id });
  responses['reactions.remove'] = await call('reactions.remove', { channel: ch.id, timestamp: ts, name: 'eyes' });
  const upload = await call('files.getUploadURLExternal', { filename: 'a.txt', length: 5 });
  await fetch(String(upload.upload_url), { method: 'POST', body: 'hello' });
  responses['files.completeUploadExternal'] = await call('files.completeUploadExternal', {
    files: [{ id: upload.file_id, title: 'A' }],
    channel_id: ch.id,
  });
  responses['files.info'] = await call('files.info', { file: String(upload.file_id) });
  responses['chat.delete'] = await call('chat.delete', { channel: ch.id, ts });
});

afterAll(async () => {
  await sandbox.close();
  await app.close();
});

const SAMPLED = [
  'auth.test',
  'chat.postMessage',
  'chat.postEphemeral',
  'chat.update',
  'chat.getPermalink',
  'conversations.open',
  'conversations.info',
  'conversations.replies',
  'reactions.add',
  'users.info',
  'views.open',
  'views.push',
  'views.update',
  'views.publish',
];

describe('Web API success responses ⊆ java-slack-sdk samples (keys and JSON types)', () => {
  it.each(SAMPLED)('%s', (method) => {
    const response = responses[method] as Record<string, unknown>;
    expect(response.ok).toBe(true);
    expect(shapeViolations(response, sampleShape(`api/${method}.json`))).toEqual([]);
  });

  it('exercised the interesting branches (threads, reactions, metadata) so the check is not vacuous', () => {
    const replies = responses['conversations.replies']?.messages as Record<string, unknown>[];
    expect(replies).toHaveLength(3);
    expect(replies[0]).toMatchObject({ reply_count: 2, reactions: [{ name: 'eyes', count: 2 }] });
    expect(responses['chat.postMessage']?.message).toMatchObject({ metadata: { event_type: 'question_posted' } });
    expect(responses['conversations.open']?.channel).toEqual({ id: expect.stringMatching(/^D/) });
  });
});

/** slack-api-specs (2020) for methods the java samples lack: loosened (additionalProperties ignored) required keys. */
describe('Web API success responses carry slack-api-specs required keys', () => {
  const spec = JSON.parse(
    readFileSync(join(REFERENCE_DIR, 'slack-api-specs/web-api/slack_web_openapi_v2.json'), 'utf8'),
  ) as {
    paths: Record<
      string,
      Record<string, { responses: { 200: { schema: { required: string[]; properties: Record<string, unknown> } } } }>
    >;
  };
  it.each(['chat.delete', 'conversations.history', 'conversations.members', 'reactions.remove', 'files.info'])(
    '%s',
    (method) => {
      const schema = Object.values(spec.paths[`/${method}`] ?? {})[0]?.responses[200].schema;
      const response = responses[method] as Record<string, unknown>;
      expect(response.ok).toBe(true);
      for (const key of schema?.required ?? []) expect(response).toHaveProperty([key]);
      // response_metadata (cursor pagination) postdates the 2020 spec; every other key must be declared.
      const unknown = Object.keys(response).filter(
        (k) => !(k in (schema?.properties ?? {})) && k !== 'response_metadata',
      );
      expect(unknown).toEqual([]);
    },
  );
});
