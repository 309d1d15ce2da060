import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { type SlackSandbox, startSlackSandbox } from '../../../src/sandbox/index.js';
import { REFERENCE_DIR } from '../../contract/shape-oracle.js';

/** An app that acknowledges everything and records which events reached it: "type" or "message.<channel_type>". */
async function recordingApp(): Promise<{ server: Server; url: string; heard: string[] }> {
  const heard: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const event = (JSON.parse(body) as { event?: { type: string; channel_type?: string } }).event;
      if (event) heard.push(event.type === 'message' ? `message.${event.channel_type}` : event.type);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, heard };
}

/** Posts as the bot through the stand-in's Web API (its echo is delivered in the background). */
async function botPost(sandbox: SlackSandbox, channel: string, text: string): Promise<void> {
  const response = await fetch(`${sandbox.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sandbox.botToken}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ channel, text }),
  });
  expect(((await response.json()) as { ok: boolean }).ok).toBe(true);
}

/**
 * Slack delivers only the events an app subscribes to, and message events per kind of conversation. The stand-in
 * does the same when it is given the app's subscriptions (as every Praxis test and benchmark gives it the manifest's).
 */
describe('the stand-in delivers what the app subscribes to', () => {
  let sandbox: SlackSandbox | undefined;
  let app: Awaited<ReturnType<typeof recordingApp>> | undefined;
  afterEach(async () => {
    await sandbox?.close();
    await new Promise((resolve) => app?.server.close(resolve));
  });

  /** The same traffic, through a stand-in with `botEvents`: what the app heard. */
  const traffic = async (botEvents?: string[]) => {
    app = await recordingApp();
    sandbox = await startSlackSandbox({ signingSecret: 's', referenceDir: REFERENCE_DIR, botEvents });
    sandbox.setAppUrl(app.url);
    const alice = sandbox.addUser({ name: 'alice' });
    const open = sandbox.addChannel({ name: 'open', members: [alice] });
    const closed = sandbox.addChannel({ name: 'closed', isPrivate: true, members: [alice] });
    const dm = sandbox.openDm(alice);
    const posted = await sandbox.postMessage({ user: alice, channel: open, text: 'in a channel' });
    await sandbox.postMessage({ user: alice, channel: closed, text: 'in a private channel' });
    await sandbox.postMessage({ user: alice, channel: dm, text: 'to the bot' });
    await sandbox.addReaction({ user: alice, channel: open, ts: posted.ts, name: 'tada' });
    await botPost(sandbox, dm, 'an expert card');
    await botPost(sandbox, open.id, 'a question');
    await sandbox.close(); // waits for the background deliveries (the bot posts' echoes)
    sandbox = undefined;
    return [...app.heard].sort();
  };

  it('delivers only subscribed events, message events by conversation type', async () => {
    expect(await traffic(['message.channels', 'message.groups', 'reaction_added'])).toEqual(
      ['message.channel', 'message.channel', 'message.group', 'reaction_added'].sort(),
    );
  });

  it('delivers everything when it is not told the subscriptions', async () => {
    expect(await traffic()).toEqual(
      ['message.channel', 'message.channel', 'message.group', 'message.im', 'message.im', 'reaction_added'].sort(),
    );
  });
});
