import { signatureHeaders } from './signing.js';
import type { Delivery } from './types.js';

/** One request to send to the app. */
export interface OutgoingRequest {
  kind: string;
  body: string;
  contentType: 'application/json' | 'application/x-www-form-urlencoded';
  payload: unknown;
  eventId?: string;
  retryNum?: number;
  retryReason?: string;
}

/**
 * Another way to reach the app than its Request URL: Socket Mode (socket-mode/hub.ts). Slack sends every delivery
 * over the socket while the app holds one open, and nothing to the Request URL.
 */
export interface AppTransport {
  /** True while the app can be reached this way. */
  readonly active: boolean;
  /** Delivers, then fills `record`'s status, body and error; resolves once acked, timed out or failed. */
  deliver(request: OutgoingRequest, record: Delivery, timeoutMs: number): Promise<void>;
}

/**
 * Sends signed requests to the app's Request URL and records each answer in `delivered`.
 * Background deliveries (the echo of the bot's own posts, edits, …) are tracked so `settled()` can wait for them.
 */
export class AppDelivery {
  readonly delivered: Delivery[] = [];
  readonly #pending = new Set<Promise<unknown>>();
  readonly #signingSecret: string;
  readonly #timeoutMs: number;
  #appUrl: string | undefined;
  #transport: AppTransport | undefined;

  constructor(signingSecret: string, timeoutMs: number) {
    this.#signingSecret = signingSecret;
    this.#timeoutMs = timeoutMs;
  }

  /** Where the app listens, e.g. `http://127.0.0.1:3000/slack/events`. */
  setAppUrl(url: string | undefined): void {
    this.#appUrl = url;
  }

  get appUrl(): string | undefined {
    return this.#appUrl;
  }

  /** True when a delivery can reach the app: a Request URL is set or a Socket Mode connection is open. */
  get reachable(): boolean {
    return Boolean(this.#appUrl) || this.#transport?.active === true;
  }

  /** Uses `transport` instead of HTTP whenever it is active (Socket Mode). */
  useTransport(transport: AppTransport): void {
    this.#transport = transport;
  }

  /** Sends now and resolves with the recorded delivery. Throws when no app URL is set (a test set-up bug). */
  async send(request: OutgoingRequest): Promise<Delivery> {
    if (this.#transport?.active) return this.#sendOver(this.#transport, request);
    const url = this.#appUrl;
    if (!url) throw new Error(`Slack sandbox: cannot deliver ${request.kind}: call sandbox.setAppUrl(url) first`);
    // The signature uses the real clock even when tests inject one: the app verifies against its own clock.
    const headers: Record<string, string> = {
      'content-type': request.contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signatureHeaders(this.#signingSecret, request.body),
    };
    if (request.retryNum) {
      headers['x-slack-retry-num'] = String(request.retryNum);
      headers['x-slack-retry-reason'] = request.retryReason ?? 'http_timeout';
    }
    const started = performance.now();
    const record = unanswered(request);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: request.body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      record.body = await res.text();
      record.status = res.status;
      record.noRetry = res.headers.get('x-slack-no-retry') === '1';
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    record.ms = Math.round(performance.now() - started);
    this.delivered.push(record);
    return record;
  }

  /** Same record as the HTTP path, so tests and drivers read one shape whichever way the app is reached. */
  async #sendOver(transport: AppTransport, request: OutgoingRequest): Promise<Delivery> {
    const started = performance.now();
    const record = unanswered(request);
    await transport.deliver(request, record, this.#timeoutMs);
    record.ms = Math.round(performance.now() - started);
    this.delivered.push(record);
    return record;
  }

  /** Sends without waiting (Slack delivers events asynchronously); silently skipped when the app is unreachable. */
  sendInBackground(request: OutgoingRequest): void {
    if (!this.reachable) return;
    const promise = this.send(request).finally(() => this.#pending.delete(promise));
    this.#pending.add(promise);
  }

  /** Resolves once every background delivery (including ones started meanwhile) has been answered. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}

/** The record of a delivery before the app answers: status 0 until it does, whichever transport carries it. */
function unanswered(request: OutgoingRequest): Delivery {
  return {
    kind: request.kind,
    eventId: request.eventId,
    retryNum: request.retryNum,
    status: 0,
    ms: 0,
    body: '',
    payload: request.payload,
    at: Date.now(),
  };
}
