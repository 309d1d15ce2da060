import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { AppTransport, OutgoingRequest } from '../delivery.js';
import type { IdFactory } from '../ids.js';
import type { Delivery } from '../types.js';

/** Where the WebSocket URLs from apps.connections.open point (Slack's are `wss://wss-primary.slack.com/link/?…`). */
export const SOCKET_MODE_PATH = '/link/';

/** Slack's server pings keep the client's "no ping from the server" watchdog (30 s by default) fed. */
const SERVER_PING_MS = 10_000;

/** What the fetch-based HTTP path records on a timeout, so both paths read the same in `delivered`. */
const TIMEOUT_ERROR = 'The operation was aborted due to timeout';

interface Connection {
  socket: WebSocket;
  pinger: NodeJS.Timeout;
}

interface PendingAck {
  connection: Connection;
  settle(error: string | undefined, payload?: unknown): void;
}

/**
 * Socket Mode, Slack's side (https://docs.slack.dev/apis/events-api/using-socket-mode): the app trades its
 * app-level token for a single-use WebSocket URL (apps.connections.open), Slack greets each connection with `hello`,
 * then sends every delivery as an envelope and waits for `{ envelope_id, payload? }` back. No request signing.
 * While a connection is open it is the app's only transport (see AppDelivery): Slack stops using the Request URL.
 */
export class SocketModeHub implements AppTransport {
  readonly appToken: string;
  readonly #appId: string;
  readonly #ids: IdFactory;
  readonly #tickets = new Set<string>();
  /** Open connections, oldest first; deliveries go to the newest, as a reconnecting client wants. */
  readonly #connections: Connection[] = [];
  readonly #pending = new Map<string, PendingAck>();
  /** Upgrades only: the stand-in's own HTTP server owns the port. `ws` answers the client's pings itself. */
  readonly #server = new WebSocketServer({ noServer: true });

  constructor(appToken: string, appId: string, ids: IdFactory) {
    this.appToken = appToken;
    this.#appId = appId;
    this.#ids = ids;
  }

  get active(): boolean {
    return this.#connections.length > 0;
  }

  /** How many clients hold a connection. */
  get connectionCount(): number {
    return this.#connections.length;
  }

  /** apps.connections.open: a fresh single-use URL on the stand-in's own server. */
  issueUrl(baseUrl: string): string {
    const ticket = this.#ids.secret(16);
    this.#tickets.add(ticket);
    const url = new URL(SOCKET_MODE_PATH, baseUrl.replace(/^http/, 'ws'));
    url.searchParams.set('ticket', ticket);
    url.searchParams.set('app_id', this.#appId);
    return url.toString();
  }

  /** Serves an `upgrade` request to {@link SOCKET_MODE_PATH}; an unknown or reused ticket is refused with 401. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    const ticket = url.searchParams.get('ticket') ?? '';
    if (!this.#tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    this.#server.handleUpgrade(req, socket, head, (ws) => {
      const connection: Connection = {
        socket: ws,
        pinger: setInterval(() => ws.ping(), SERVER_PING_MS).unref(),
      };
      this.#connections.push(connection);
      ws.on('message', (data, isBinary) => {
        if (!isBinary) this.#onAck(data.toString());
      });
      ws.on('close', () => this.#forget(connection));
      ws.on('error', () => ws.terminate());
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: this.#connections.length,
          debug_info: { host: 'applink-sandbox', build_number: 1, approximate_connection_time: 18060 },
          connection_info: { app_id: this.#appId },
        }),
      );
    });
  }

  async deliver(request: OutgoingRequest, record: Delivery, timeoutMs: number): Promise<void> {
    const connection = this.#connections.at(-1);
    if (!connection) {
      record.error = 'no Socket Mode connection';
      return;
    }
    const envelopeId = randomUUID();
    const answer = new Promise<{ error?: string; payload?: unknown }>((resolve) => {
      const timer = setTimeout(() => settle(TIMEOUT_ERROR), timeoutMs);
      const settle = (error: string | undefined, payload?: unknown) => {
        clearTimeout(timer);
        this.#pending.delete(envelopeId);
        resolve({ error, payload });
      };
      this.#pending.set(envelopeId, { connection, settle });
    });
    connection.socket.send(JSON.stringify(envelopeFor(request, envelopeId)));
    const { error, payload } = await answer;
    if (error) {
      record.error = error;
      return;
    }
    // An empty ack reads as the HTTP receiver's empty 200, so drivers parse ack bodies the same way on both paths.
    record.status = 200;
    record.body = isEmptyPayload(payload) ? '' : JSON.stringify(payload);
  }

  /** Sends Slack's `disconnect` message: the client closes and reconnects through apps.connections.open. */
  requestReconnect(reason = 'refresh_requested'): void {
    for (const { socket } of this.#connections) {
      socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-sandbox' } }));
    }
  }

  /** Drops every connection (sandbox shutdown). */
  closeAll(): void {
    for (const { socket } of [...this.#connections]) socket.terminate();
    this.#server.close();
  }

  #onAck(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return; // Slack ignores what it cannot parse
    }
    const { envelope_id: envelopeId, payload } = (message ?? {}) as { envelope_id?: unknown; payload?: unknown };
    if (typeof envelopeId === 'string') this.#pending.get(envelopeId)?.settle(undefined, payload);
  }

  #forget(connection: Connection): void {
    clearInterval(connection.pinger);
    const index = this.#connections.indexOf(connection);
    if (index >= 0) this.#connections.splice(index, 1);
    for (const pending of [...this.#pending.values()]) {
      if (pending.connection === connection) pending.settle('Socket Mode connection closed before the ack');
    }
  }
}

/**
 * The envelope for one delivery. The payload is what the HTTP body carries, as an object: the event_callback
 * envelope, the slash command's form fields, or the interaction payload (not wrapped in `payload=`).
 */
function envelopeFor(request: OutgoingRequest, envelopeId: string): Record<string, unknown> {
  if (request.kind.startsWith('event:')) {
    return {
      envelope_id: envelopeId,
      type: 'events_api',
      payload: request.payload,
      accepts_response_payload: false,
      retry_attempt: request.retryNum ?? 0,
      retry_reason: request.retryNum ? (request.retryReason ?? 'timeout') : '',
    };
  }
  if (request.kind === 'slash_command') {
    return {
      envelope_id: envelopeId,
      type: 'slash_commands',
      payload: request.payload,
      accepts_response_payload: true,
    };
  }
  // Only these interactions take a response in the ack (response_action, options).
  const answers = request.kind === 'view_submission' || request.kind === 'block_suggestion';
  return { envelope_id: envelopeId, type: 'interactive', payload: request.payload, accepts_response_payload: answers };
}

function isEmptyPayload(payload: unknown): boolean {
  return (
    payload === undefined ||
    payload === null ||
    (typeof payload === 'object' && !Array.isArray(payload) && Object.keys(payload).length === 0)
  );
}
