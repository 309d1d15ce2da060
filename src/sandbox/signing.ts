import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack's v0 request signature: `v0=` + hex(HMAC-SHA256(secret, `v0:{timestamp}:{raw body}`)).
 * @see https://api.slack.com/authentication/verifying-requests-from-slack
 */
export function computeSlackSignature(signingSecret: string, timestamp: number | string, rawBody: string): string {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`);
  return `v0=${hmac.digest('hex')}`;
}

/** The two headers Slack adds to every request it sends an app. */
export function signatureHeaders(
  signingSecret: string,
  rawBody: string,
  timestampSec: number = Math.floor(Date.now() / 1000),
): Record<'X-Slack-Signature' | 'X-Slack-Request-Timestamp', string> {
  return {
    'X-Slack-Signature': computeSlackSignature(signingSecret, timestampSec, rawBody),
    'X-Slack-Request-Timestamp': String(timestampSec),
  };
}

/** Checks a signature the way Slack's SDKs do (constant-time compare, 5-minute window). */
export function verifySlackSignature(
  signingSecret: string,
  headers: { signature: string; timestamp: string },
  rawBody: string,
  nowSec: number = Math.floor(Date.now() / 1000),
): boolean {
  const ts = Number(headers.timestamp);
  if (!Number.isFinite(ts) || Math.abs(nowSec - ts) > 300) return false;
  const expected = Buffer.from(computeSlackSignature(signingSecret, ts, rawBody));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
