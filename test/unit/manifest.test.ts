import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import type { Deps } from '../../src/deps.js';
import { listenerRoutes } from '../../src/slack/listeners/index.js';

interface Manifest {
  features: {
    slash_commands: Array<{ command: string }>;
    shortcuts: Array<{ callback_id: string; type: string }>;
    app_home: { home_tab_enabled: boolean };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean } };
}

/** What the listeners register (the router Bolt's dispatching listeners are installed from). */
function recordRegistrations() {
  return listenerRoutes({} as Deps).registered();
}

/**
 * The Events API subscription each event type needs. Message events come per conversation type, and Praxis reads
 * those of community channels only (public and private): nothing in a DM is an answer or community activity (an
 * expert answers from the DM through a modal, posted into the question's thread), so it does not ask Slack for DM
 * messages — which would include an echo of every expert card it sends.
 */
const SUBSCRIPTIONS_FOR: Record<string, string[]> = { message: ['message.channels', 'message.groups'] };

describe('manifest.yml matches what the code registers', () => {
  const manifest = parse(readFileSync('manifest.yml', 'utf8')) as Manifest;
  const registered = recordRegistrations();

  it('declares exactly the slash commands the code handles', () => {
    expect(manifest.features.slash_commands.map((c) => c.command).sort()).toEqual(
      [...new Set(registered.commands)].sort(),
    );
  });

  it('declares exactly the shortcuts the code handles', () => {
    expect(manifest.features.shortcuts.map((s) => s.callback_id).sort()).toEqual(
      [...new Set(registered.shortcuts)].sort(),
    );
  });

  it('subscribes to exactly the events the code listens to', () => {
    const needed = new Set(registered.events.flatMap((e) => SUBSCRIPTIONS_FOR[e] ?? [e]));
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...needed].sort());
  });

  it('enables interactivity and the Home tab when buttons and views are used', () => {
    expect(registered.actions).toBeGreaterThan(0);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(registered.events.includes('app_home_opened'));
  });

  it('asks for the scopes its features use', () => {
    const scopes = new Set(manifest.oauth_config.scopes.bot);
    expect(scopes.has('commands')).toBe(registered.commands.length > 0);
    for (const scope of ['chat:write', 'im:write', 'users:read', 'channels:read', 'groups:read', 'reactions:read'])
      expect(scopes.has(scope)).toBe(true);
    if (registered.events.includes('message'))
      for (const s of ['channels:history', 'groups:history']) expect(scopes.has(s)).toBe(true);
    // Reading its own DMs back: a digest or card whose post was not recorded is found by its metadata.
    expect(scopes.has('im:history')).toBe(true);
  });
});
