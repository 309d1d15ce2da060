import { Worker } from 'node:worker_threads';
import type { SandboxCore } from '../src/sandbox/core.js';
import { type SlackSandbox, signatureHeaders } from '../src/sandbox/index.js';
import { slashCommandForm } from '../src/sandbox/payloads/interactions.js';

/** One signed request, ready to POST to a Request URL. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
  /** Which of `post`'s URLs it goes to (default 0). */
  to?: number;
  /** Keeps its app loaded while another app's measured requests go on (lanes `per-target`); sent only then, not timed. */
  filler?: boolean;
}

/**
 * How lanes take requests: `shared`, `concurrency` lanes over all requests in order, whichever URL each is for;
 * `per-target`, `concurrency` lanes for each URL over its own requests, all URLs at once.
 */
export type Lanes = 'shared' | 'per-target';

export interface Sent {
  /** Wall time of the whole batch. */
  ms: number;
  /** Requests not answered with HTTP 200. */
  failed: number;
  /** Per URL, in `post`'s order: each request's time from its write to the end of the response body (ms). */
  latencies: number[][];
  /** Per URL: the requests sent, fillers included. */
  sent: number[];
}

/**
 * POSTs the requests in order, `concurrency` lanes at a time (see `Lanes`), from a worker thread
 * (bench/ingest-sender.mjs), as Slack's delivery would from its own machines: the timing does not wait on the
 * stand-in's Web API work in this thread.
 */
export function post(
  url: string | string[],
  requests: SignedRequest[],
  concurrency: number,
  lanes: Lanes = 'shared',
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./ingest-sender.mjs', import.meta.url), {
      workerData: { urls: typeof url === 'string' ? [url] : url, requests, concurrency, lanes },
    });
    worker.once('message', (result: Sent) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/**
 * The signed form of a slash command exactly as the stand-in's `slashCommand` sends it, with a trigger_id and a
 * response_url the stand-in issued (so the app's `respond` and `views.open` work), built ahead of time so a worker
 * thread can send it. The stand-in's public driver only sends at once; its core is read here, bench-only.
 */
export function signedSlashCommand(
  sandbox: SlackSandbox,
  signingSecret: string,
  input: { user: string; channel: string; command: string; text: string },
): SignedRequest {
  const core = (sandbox as unknown as { core: SandboxCore }).core;
  const user = core.state.requireUser(input.user);
  const channel = core.state.requireChannel(input.channel);
  const triggerId = core.triggers.issue(user.id);
  const path = core.responseUrls.issue(core.identity.teamId, { origin: 'command', user: user.id, channel: channel.id });
  const form = slashCommandForm(core, {
    user,
    channel,
    command: input.command,
    text: input.text,
    responseUrl: `${core.baseUrl}${path}`,
    triggerId,
  });
  const body = new URLSearchParams(form).toString();
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signatureHeaders(signingSecret, body),
    },
  };
}
