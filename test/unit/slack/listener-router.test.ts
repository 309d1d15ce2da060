import { describe, expect, it } from '@jest/globals';
import { App } from '@slack/bolt';
import { ListenerRouter } from '../../../src/slack/listener-router.js';

/** A real Bolt app (no HTTP): requests go through App.processEvent, as its receiver hands them over. */
function boltApp(
  router: ListenerRouter,
  before: Parameters<ListenerRouter['install']>[1] = [],
): { app: App; errors: unknown[] } {
  const app = new App({
    token: 'xoxb-test',
    signingSecret: 'test',
    botId: 'B1',
    botUserId: 'UBOT',
    tokenVerificationEnabled: false,
    convoStore: false,
  });
  const errors: unknown[] = [];
  app.error(async (error) => {
    errors.push(error);
  });
  router.install(app, before);
  return { app, errors };
}

/** Delivers a body; resolves with whether the listener acknowledged it. */
async function deliver(app: App, body: Record<string, unknown>): Promise<boolean> {
  let acked = false;
  await app.processEvent({
    body,
    ack: async () => {
      acked = true;
    },
  } as unknown as Parameters<App['processEvent']>[0]);
  return acked;
}

/** A handler that acknowledges its request, then notes `label` in `seen`. */
const acksAndNotes =
  (seen: string[], label: string) =>
  async ({ ack }: { ack: () => Promise<void> }) => {
    await ack();
    seen.push(label);
  };

const command = (name: string) => ({ command: name, text: 'x', team_id: 'T1', channel_id: 'C1', user_id: 'U1' });
const blockAction = (actionId: string) => ({
  type: 'block_actions',
  team: { id: 'T1' },
  user: { id: 'U1' },
  actions: [{ type: 'button', action_id: actionId, block_id: 'b', action_ts: '1.2' }],
});
const event = (type: string) => ({
  type: 'event_callback',
  team_id: 'T1',
  event_id: `Ev${type}`,
  event: { type, user: 'U1', item: { type: 'message', channel: 'C1', ts: '1.1' }, reaction: 'x', event_ts: '1.1' },
});

describe('ListenerRouter on a real Bolt app', () => {
  it('hands each request to the handlers registered under its name, and to no other', async () => {
    const seen: string[] = [];
    const router = new ListenerRouter();
    router.command('/ask', async ({ ack, command }: { ack: () => Promise<void>; command: { text: string } }) => {
      await ack();
      seen.push(`ask:${command.text}`);
    });
    router.command('/kb', async () => {
      seen.push('kb');
    });
    router.action('mark_solved', acksAndNotes(seen, 'solved'));
    router.action(
      /^kb_page_(prev|next)$/,
      async ({ ack, action }: { ack: () => Promise<void>; action: { action_id: string } }) => {
        await ack();
        seen.push(`page:${action.action_id}`);
      },
    );
    const { app } = boltApp(router);
    expect(await deliver(app, command('/ask'))).toBe(true);
    expect(await deliver(app, blockAction('mark_solved'))).toBe(true);
    expect(await deliver(app, blockAction('kb_page_next'))).toBe(true);
    expect(seen).toEqual(['ask:x', 'solved', 'page:kb_page_next']);
  });

  it('leaves a request no handler matches unacknowledged, as Bolt does', async () => {
    const router = new ListenerRouter();
    router.command('/ask', async ({ ack }: { ack: () => Promise<void> }) => ack());
    router.action('mark_solved', async ({ ack }: { ack: () => Promise<void> }) => ack());
    const { app, errors } = boltApp(router);
    expect(await deliver(app, command('/unknown'))).toBe(false);
    expect(await deliver(app, blockAction('kb_page_first'))).toBe(false);
    expect(errors).toEqual([]);
  });

  it('runs every handler of an event, and reports each failure to app.error', async () => {
    const ran: string[] = [];
    const router = new ListenerRouter();
    router.event('reaction_added', async () => {
      ran.push('first');
      throw new Error('first failed');
    });
    router.event('reaction_added', async () => {
      ran.push('second');
    });
    router.event('reaction_removed', async () => {
      ran.push('other');
    });
    const { app, errors } = boltApp(router);
    await deliver(app, event('reaction_added')).catch(() => undefined);
    expect(ran).toEqual(['first', 'second']);
    expect(String(errors[0])).toContain('first failed');

    const both = new ListenerRouter();
    for (const name of ['one', 'two'])
      both.event('reaction_added', async () => {
        throw new Error(`${name} failed`);
      });
    const second = boltApp(both);
    await deliver(second.app, event('reaction_added')).catch(() => undefined);
    const reported = second.errors[0] as { code?: string; originals?: unknown[] };
    expect(reported.code).toBe('slack_bolt_multiple_listener_error'); // Bolt's own error for several listeners
    expect(reported.originals?.map(String)).toEqual(['Error: one failed', 'Error: two failed']);
  });

  it('runs view handlers on submissions only, and shortcuts by callback_id', async () => {
    const seen: string[] = [];
    const router = new ListenerRouter();
    router.view('ask_modal', acksAndNotes(seen, 'submitted'));
    router.shortcut('save_to_kb', acksAndNotes(seen, 'saved'));
    const { app } = boltApp(router);
    const view = (type: string) => ({
      type,
      team: { id: 'T1' },
      user: { id: 'U1' },
      view: { id: 'V1', callback_id: 'ask_modal', state: { values: {} } },
    });
    const shortcut = (callbackId: string) => ({
      type: 'message_action',
      callback_id: callbackId,
      trigger_id: '1.2',
      team: { id: 'T1' },
      user: { id: 'U1' },
      channel: { id: 'C1' },
      message: { ts: '1.1', text: 'x' },
    });
    expect(await deliver(app, view('view_submission'))).toBe(true);
    expect(await deliver(app, view('view_closed'))).toBe(false);
    expect(await deliver(app, shortcut('save_to_kb'))).toBe(true);
    expect(await deliver(app, shortcut('something_else'))).toBe(false);
    expect(seen).toEqual(['submitted', 'saved']);
  });

  it('runs the global middleware given to install first, in order, and a middleware can stop a request', async () => {
    const seen: string[] = [];
    const router = new ListenerRouter();
    router.command('/ask', acksAndNotes(seen, 'ask'));
    const { app, errors } = boltApp(router, [
      async ({ next }) => {
        seen.push('first');
        await next();
        seen.push('first done');
      },
      async ({ body, next }) => {
        seen.push('second');
        if ((body as { text?: string }).text !== 'stop') await next();
      },
    ]);
    expect(await deliver(app, command('/ask'))).toBe(true);
    expect(seen).toEqual(['first', 'second', 'ask', 'first done']);
    seen.length = 0;
    expect(await deliver(app, { ...command('/ask'), text: 'stop' })).toBe(false);
    expect(seen).toEqual(['first', 'second', 'first done']);
    expect(errors).toEqual([]);
  });

  it('tells what is registered, for the manifest check', () => {
    const router = new ListenerRouter();
    router.command('/ask', async () => {});
    router.action('a', async () => {});
    router.action(/^b/, async () => {});
    router.view('modal', async () => {});
    router.event('message', async () => {});
    router.shortcut('save_to_kb', async () => {});
    expect(router.registered()).toEqual({
      commands: ['/ask'],
      events: ['message'],
      shortcuts: ['save_to_kb'],
      actions: 2,
      views: 1,
    });
  });
});
