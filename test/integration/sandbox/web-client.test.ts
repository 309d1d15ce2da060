import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { webApi } from '@slack/bolt';
import {
  type SandboxChannel,
  type SandboxUser,
  type SlackSandbox,
  startSlackSandbox,
} from '../../../src/sandbox/index.js';
import { startCaptureApp } from '../../contract/helpers/capture-app.js';
import { REFERENCE_DIR } from '../../contract/shape-oracle.js';

const SECRET = 'wc-secret';
let sandbox: SlackSandbox;
let app: Awaited<ReturnType<typeof startCaptureApp>>;
let client: webApi.WebClient;
let alice: SandboxUser;
let ch: SandboxChannel;

/** WebClient logs every failed call at ERROR; these tests fail calls on purpose. */
const quiet = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => webApi.LogLevel.ERROR,
  setName: () => {},
};
const clientFor = (token: string, url: string, options: webApi.WebClientOptions = {}) =>
  new webApi.WebClient(token, { slackApiUrl: url, retryConfig: { retries: 0 }, logger: quiet, ...options });

const errorOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; data?: { error?: string; errors?: string[] }; retryAfter?: number };
  }
  throw new Error('expected the call to fail');
};

beforeAll(async () => {
  sandbox = await startSlackSandbox({ signingSecret: SECRET, referenceDir: REFERENCE_DIR });
  app = await startCaptureApp(SECRET);
  sandbox.setAppUrl(app.url);
  client = clientFor(sandbox.botToken, sandbox.apiUrl);
  alice = sandbox.addUser({ name: 'alice', tz: 'Europe/Paris' });
  ch = sandbox.addChannel({ name: 'data-cop', members: [alice] });
});

afterAll(async () => {
  await sandbox.close();
  await app.close();
});

describe('the real WebClient against the stand-in', () => {
  it('posts, threads and reads replies with increasing ts', async () => {
    const parent = await client.chat.postMessage({ channel: ch.id, text: 'Question?' });
    const r1 = await client.chat.postMessage({ channel: ch.id, text: 'Answer 1', thread_ts: parent.ts as string });
    await sandbox.postMessage({ user: alice, channel: ch, text: 'Answer 2', threadTs: parent.ts as string });
    const replies = await client.conversations.replies({ channel: ch.id, ts: parent.ts as string });
    const tss = replies.messages?.map((m) => m.ts as string) ?? [];
    expect(tss).toHaveLength(3);
    expect(tss.every((ts) => /^\d{10}\.\d{6}$/.test(ts))).toBe(true);
    expect([...tss].sort()).toEqual(tss);
    expect(new Set(tss).size).toBe(3);
    expect(replies.messages?.[0]).toMatchObject({
      reply_count: 2,
      reply_users_count: 2,
      latest_reply: tss[2],
      thread_ts: parent.ts,
    });
    expect(replies.messages?.[1]).toMatchObject({
      thread_ts: parent.ts,
      parent_user_id: sandbox.botUserId,
      text: 'Answer 1',
      ts: r1.ts,
    });
    expect(sandbox.thread(ch, parent.ts as string).map((m) => m.text)).toEqual(['Question?', 'Answer 1', 'Answer 2']);
    const history = await client.conversations.history({ channel: ch.id, limit: 1 });
    expect(history.messages?.map((m) => m.text)).toEqual(['Question?']);
    expect(history.has_more).toBe(false);
  });

  it('rejects a thread_ts that is not a parent message', async () => {
    const err = await errorOf(client.chat.postMessage({ channel: ch.id, text: 'x', thread_ts: '1111111111.000001' }));
    expect(err.data?.error).toBe('thread_not_found');
  });

  it('answers Slack error codes', async () => {
    const outside = sandbox.addChannel({ name: 'random', botIsMember: false });
    const hidden = sandbox.addChannel({ name: 'secret', isPrivate: true, botIsMember: false });
    expect((await errorOf(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).data?.error).toBe(
      'channel_not_found',
    );
    expect((await errorOf(client.chat.postMessage({ channel: outside.id, text: 'x' }))).data?.error).toBe(
      'not_in_channel',
    );
    expect((await errorOf(client.conversations.info({ channel: hidden.id }))).data?.error).toBe('channel_not_found');
    expect((await errorOf(client.users.info({ user: 'U0NOPE' }))).data?.error).toBe('user_not_found');
    expect(
      (await errorOf(client.chat.update({ channel: ch.id, ts: '1111111111.000001', text: 'x' }))).data?.error,
    ).toBe('message_not_found');
    const bad = clientFor('xoxb-wrong', sandbox.apiUrl);
    expect((await errorOf(bad.auth.test())).data?.error).toBe('invalid_auth');
    const none = await fetch(`${sandbox.apiUrl}auth.test`, { method: 'POST' }).then((r) => r.json());
    expect(none).toEqual({ ok: false, error: 'not_authed' });
    expect(await client.auth.test()).toMatchObject({
      ok: true,
      user_id: sandbox.botUserId,
      bot_id: sandbox.botId,
      team_id: sandbox.teamId,
    });
  });

  it('answers invalid_blocks with errors and records the failure', async () => {
    const before = sandbox.validationFailures.length;
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'z'.repeat(3001) } }];
    const err = await errorOf(client.chat.postMessage({ channel: ch.id, text: 'long', blocks }));
    expect(err.data?.error).toBe('invalid_blocks');
    expect(err.data?.errors).toEqual(['must NOT have more than 3000 characters [json-pointer:/blocks/0/text/text]']);
    expect(sandbox.validationFailures).toHaveLength(before + 1);
    expect(sandbox.validationFailures.at(-1)?.method).toBe('chat.postMessage');
  });

  it('reacts once, then answers already_reacted', async () => {
    const { ts } = await client.chat.postMessage({ channel: ch.id, text: 'react' });
    await client.reactions.add({ channel: ch.id, timestamp: ts as string, name: 'white_check_mark' });
    const err = await errorOf(
      client.reactions.add({ channel: ch.id, timestamp: ts as string, name: 'white_check_mark' }),
    );
    expect(err.data?.error).toBe('already_reacted');
    expect(sandbox.messagesIn(ch).find((m) => m.ts === ts)?.reactions).toEqual([
      { name: 'white_check_mark', users: [sandbox.botUserId] },
    ]);
  });

  it('opens a stable DM and posts to it', async () => {
    const first = await client.conversations.open({ users: alice.id });
    const second = await client.conversations.open({ users: alice.id });
    expect(first.channel?.id).toMatch(/^D/);
    expect(second).toMatchObject({ channel: { id: first.channel?.id }, already_open: true });
    await client.chat.postMessage({ channel: first.channel?.id as string, text: 'Hi Alice' });
    expect(sandbox.dmWith(alice).map((m) => m.text)).toEqual(['Hi Alice']);
    const deleted = sandbox.addUser({ name: 'gone', deleted: true });
    expect((await errorOf(client.conversations.open({ users: deleted.id }))).data?.error).toBe('user_disabled');
  });

  it('opens, pushes (max 3) and updates views with single-use, expiring trigger_ids', async () => {
    const modal = (title: string) => ({
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: title },
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: title } }],
    });
    const trigger = async () => (await sandbox.slashCommand({ user: alice, channel: ch, command: '/ask' })).triggerId;
    const t1 = await trigger();
    const opened = await client.views.open({ trigger_id: t1, view: modal('One') });
    expect((await errorOf(client.views.open({ trigger_id: t1, view: modal('Again') }))).data?.error).toBe(
      'exchanged_trigger_id',
    );
    await client.views.push({ trigger_id: await trigger(), view: modal('Two') });
    await client.views.push({ trigger_id: await trigger(), view: modal('Three') });
    expect((await errorOf(client.views.push({ trigger_id: await trigger(), view: modal('Four') }))).data?.error).toBe(
      'push_limit_reached',
    );
    expect(sandbox.viewStack(alice).map((v) => (v.spec.title as { text: string }).text)).toEqual([
      'One',
      'Two',
      'Three',
    ]);
    const updated = await client.views.update({
      view_id: opened.view?.id as string,
      hash: opened.view?.hash as string,
      view: modal('Uno'),
    });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    const stale = await errorOf(
      client.views.update({ view_id: opened.view?.id as string, hash: opened.view?.hash as string, view: modal('X') }),
    );
    expect(stale.data?.error).toBe('hash_conflict');
    expect((await errorOf(client.views.update({ view_id: 'V0NOPE', view: modal('X') }))).data?.error).toBe('not_found');
    const invalid = await errorOf(
      client.views.open({ trigger_id: await trigger(), view: { ...modal('x'.repeat(25)) } }),
    );
    expect(invalid.data?.error).toBe('invalid_arguments');
    const published = await client.views.publish({
      user_id: alice.id,
      view: { type: 'home', blocks: [{ type: 'divider' }] },
    });
    expect(sandbox.homeOf(alice)?.id).toBe(published.view?.id);
  });

  it('refuses a trigger_id older than 3 s', async () => {
    let now = Date.now();
    const clocked = await startSlackSandbox({ signingSecret: SECRET, referenceDir: REFERENCE_DIR, now: () => now });
    clocked.setAppUrl(app.url);
    const bob = clocked.addUser({ name: 'bob' });
    const room = clocked.addChannel({ name: 'room', members: [bob] });
    const { triggerId } = await clocked.slashCommand({ user: bob, channel: room, command: '/ask' });
    now += 3001;
    const c = clientFor(clocked.botToken, clocked.apiUrl);
    const view = {
      type: 'modal' as const,
      title: { type: 'plain_text' as const, text: 'T' },
      blocks: [{ type: 'divider' }],
    };
    expect((await errorOf(c.views.open({ trigger_id: triggerId, view }))).data?.error).toBe('expired_trigger_id');
    await clocked.close();
  });

  it('answers 429 with Retry-After when asked, which WebClient honours', async () => {
    sandbox.rateLimit('chat.postMessage', { retryAfterSec: 1, times: 1 });
    const strict = clientFor(sandbox.botToken, sandbox.apiUrl, { rejectRateLimitedCalls: true });
    const err = await errorOf(strict.chat.postMessage({ channel: ch.id, text: 'x' }));
    expect(err.code).toBe('slack_webapi_rate_limited_error');
    expect(err.retryAfter).toBe(1);
    const limited = sandbox.callsTo('chat.postMessage').at(-1);
    expect(limited).toMatchObject({ status: 429, response: { ok: false, error: 'ratelimited' } });

    sandbox.rateLimit('chat.postMessage', { retryAfterSec: 1, times: 1 });
    const patient = clientFor(sandbox.botToken, sandbox.apiUrl, {
      retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 },
    });
    const started = Date.now();
    const ok = await patient.chat.postMessage({ channel: ch.id, text: 'after the limit' });
    expect(ok.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('injects one-off failures and latency', async () => {
    sandbox.failNext('users.info', 'fatal_error');
    expect((await errorOf(client.users.info({ user: alice.id }))).data?.error).toBe('fatal_error');
    expect((await client.users.info({ user: alice.id })).user?.tz).toBe('Europe/Paris');
    sandbox.setLatency(300, 'auth.test');
    const started = Date.now();
    await client.auth.test();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    sandbox.setLatency(0, 'auth.test');
  });

  it('uploads a file with filesUploadV2 (three steps) and shares it in the channel', async () => {
    const result = await client.filesUploadV2({
      channel_id: ch.id,
      filename: 'report.csv',
      content: 'a,b\n1,2\n',
      title: 'Report',
      initial_comment: 'Weekly report',
    });
    expect(result.ok).toBe(true);
    expect(sandbox.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(sandbox.callsTo('files.completeUploadExternal')).toHaveLength(1);
    const file = sandbox.files.find((f) => f.name === 'report.csv');
    expect(file?.bytes?.toString()).toBe('a,b\n1,2\n');
    expect(file).toMatchObject({ title: 'Report', channels: [ch.id], completed: true });
    const shared = sandbox.messagesIn(ch).at(-1);
    expect(shared).toMatchObject({ text: 'Weekly report', files: [file?.id] });
    const info = await client.files.info({ file: file?.id as string });
    expect(info.file).toMatchObject({ id: file?.id, name: 'report.csv', size: 8, mimetype: 'text/csv' });
  });
});
