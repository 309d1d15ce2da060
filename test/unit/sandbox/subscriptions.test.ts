import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { deliversEvent, manifestBotEvents } from '../../../src/sandbox/index.js';

describe('event subscriptions', () => {
  it('match message events by conversation type and other events by type', () => {
    const subscribed = ['message.channels', 'app_home_opened'];
    expect(deliversEvent(subscribed, { type: 'message', channel_type: 'channel' })).toBe(true);
    expect(deliversEvent(subscribed, { type: 'message', channel_type: 'group' })).toBe(false);
    expect(deliversEvent(subscribed, { type: 'message', channel_type: 'im' })).toBe(false);
    expect(deliversEvent(subscribed, { type: 'message', channel_type: 'mpim' })).toBe(false);
    expect(deliversEvent(subscribed, { type: 'app_home_opened' })).toBe(true);
    expect(deliversEvent(subscribed, { type: 'reaction_added' })).toBe(false);
    expect(deliversEvent(undefined, { type: 'message', channel_type: 'im' })).toBe(true);
  });

  it("are read from an app's manifest", () => {
    const dir = mkdtempSync(join(tmpdir(), 'manifest-'));
    try {
      const path = join(dir, 'manifest.yml');
      writeFileSync(
        path,
        'settings:\n  event_subscriptions:\n    bot_events:\n      - message.im\n      - reaction_added\n',
      );
      expect(manifestBotEvents(path)).toEqual(['message.im', 'reaction_added']);
      writeFileSync(path, 'display_information:\n  name: no events\n');
      expect(manifestBotEvents(path)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
