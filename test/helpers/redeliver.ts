import { computeSlackSignature, type Delivery } from '../../src/sandbox/index.js';
import type { Harness } from './app-harness.js';

/**
 * Sends a request Slack already delivered once more, byte for byte the same payload, freshly signed and marked as a
 * retry — as Slack does when it did not see the ack in time. Commands are form fields; interactivity is `payload=`.
 */
export async function redeliver(h: Harness, delivery: Delivery): Promise<number> {
  const payload = delivery.payload as Record<string, unknown>;
  const isForm = delivery.kind === 'slash_command' || delivery.kind === 'command';
  const body = delivery.kind.startsWith('event')
    ? JSON.stringify(payload)
    : isForm
      ? new URLSearchParams(payload as Record<string, string>).toString()
      : `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(`${h.appUrl}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': delivery.kind.startsWith('event') ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': computeSlackSignature(h.signingSecret, timestamp, body),
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    },
    body,
  });
  return response.status;
}
