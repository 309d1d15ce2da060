import { randomBytes } from 'node:crypto';

/**
 * Issues Slack-looking ids and message timestamps for one sandbox.
 * Ids are counters (readable in test output, no collisions inside a sandbox); ts values follow the injected clock
 * but never repeat, because Slack guarantees `ts` is unique and increasing per channel.
 */
export class IdFactory {
  #counter = 0;
  #lastMicros = 0;
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** An id such as `U000000001A`: a Slack prefix then 10 uppercase base-36 characters. */
  next(prefix: string): string {
    this.#counter += 1;
    return prefix + this.#counter.toString(36).toUpperCase().padStart(10, '0');
  }

  /** A message timestamp `##########.######`, strictly increasing across the whole sandbox. */
  nextTs(): string {
    this.#lastMicros = Math.max(Math.floor(this.#now() * 1000), this.#lastMicros + 1);
    return formatTs(this.#lastMicros);
  }

  /** A trigger_id shaped like Slack's: `<digits>.<digits>.<32 hex>`. */
  triggerId(): string {
    this.#counter += 1;
    return `${Math.floor(this.#now())}${this.#counter}.${this.#counter * 7919}.${randomBytes(16).toString('hex')}`;
  }

  /** A random opaque secret for URLs (response_url, upload URL). */
  secret(bytes = 12): string {
    return randomBytes(bytes).toString('hex');
  }

  /** A short random id like the ones Slack fills in for blocks and elements the app left without ids. */
  shortId(): string {
    return randomBytes(4).toString('base64url').slice(0, 5);
  }
}

/** Formats epoch microseconds as a Slack ts. */
export function formatTs(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

/** True for strings shaped like a Slack ts. */
export function isTs(value: unknown): value is string {
  return typeof value === 'string' && /^\d{10}\.\d{6}$/.test(value);
}
