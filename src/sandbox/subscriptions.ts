import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { JsonObject } from './types.js';

/**
 * Slack delivers only the events an app subscribes to (its manifest's `settings.event_subscriptions.bot_events`),
 * and `message` events per kind of conversation: `message.channels`, `message.groups` (private channels),
 * `message.im` and `message.mpim`. Without a list the stand-in delivers everything (an app without a manifest).
 */
export function deliversEvent(botEvents: readonly string[] | undefined, event: JsonObject): boolean {
  if (botEvents === undefined) return true;
  if (event.type !== 'message') return botEvents.includes(String(event.type));
  return botEvents.includes(`message.${MESSAGE_SUBSCRIPTION[String(event.channel_type)] ?? 'channels'}`);
}

/** channel_type of a message event → the suffix of the subscription that delivers it. */
const MESSAGE_SUBSCRIPTION: Record<string, string> = { channel: 'channels', group: 'groups', im: 'im', mpim: 'mpim' };

/** The bot events an app's manifest subscribes to (default: ./manifest.yml, as the tests and benchmarks run). */
export function manifestBotEvents(path = 'manifest.yml'): string[] {
  const manifest = parse(readFileSync(path, 'utf8')) as {
    settings?: { event_subscriptions?: { bot_events?: string[] } };
  };
  return manifest.settings?.event_subscriptions?.bot_events ?? [];
}
