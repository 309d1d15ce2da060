import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxCore } from '../core.js';
import { parseArgs, sendJson, sleep } from '../http.js';
import type { JsonObject } from '../types.js';
import { appLevelMethods, appMethods } from './apps.js';
import { type ApiHandler, Args, SlackApiError } from './args.js';
import { chatMethods } from './chat.js';
import { conversationMethods } from './conversations.js';
import { fileMethods } from './files.js';
import { reactionMethods } from './reactions.js';
import { userAuthMethods } from './users-auth.js';
import { viewMethods } from './views.js';

/** Every Web API method the stand-in implements. */
export const apiMethods: Record<string, ApiHandler> = {
  ...userAuthMethods,
  ...chatMethods,
  ...conversationMethods,
  ...reactionMethods,
  ...viewMethods,
  ...fileMethods,
  ...appMethods,
};

/**
 * Serves one `/api/<method>` request: parse, authenticate, apply planned faults and latency, run the handler,
 * answer with Slack's envelope, and record the call.
 */
export async function serveApi(
  core: SandboxCore,
  method: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
) {
  const at = Date.now();
  let args: JsonObject = {};
  const answer = (status: number, response: JsonObject, headers: Record<string, string> = {}) => {
    core.calls.push({ method, args, at, status, response });
    sendJson(res, status, response, headers);
  };
  try {
    args = await parseArgs(req, url, body);
    // Recorded on arrival, before any latency: tests can act while a call is in flight (e.g. kill its sender).
    core.received.push({ method, args, at });
  } catch {
    return answer(200, { ok: false, error: 'invalid_form_data' });
  }
  const token =
    /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ??
    (typeof args.token === 'string' ? args.token : undefined);
  delete args.token;
  const appLevel = appLevelMethods.has(method);
  const handler = appLevel && !core.socketMode ? undefined : apiMethods[method]; // Socket Mode is opt-in
  if (!handler) return answer(200, { ok: false, error: 'unknown_method' });
  if (!token) return answer(200, { ok: false, error: 'not_authed' });
  if (token !== (appLevel ? core.socketMode?.appToken : core.identity.botToken)) {
    // As Slack: the other kind of known token is refused by type, anything else is simply invalid.
    const otherKind = appLevel ? core.identity.botToken : core.socketMode?.appToken;
    return answer(200, { ok: false, error: token === otherKind ? 'not_allowed_token_type' : 'invalid_auth' });
  }

  const latency = core.faults.latencyFor(method);
  if (latency > 0) await sleep(latency);
  const limited = core.faults.takeRateLimit(method);
  if (limited)
    return answer(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(limited.retryAfterSec) });
  const injected = core.faults.takeFailure(method);
  if (injected) return answer(200, { ok: false, error: injected });

  try {
    const result = await handler({ core, args: new Args(args), method });
    return answer(200, { ok: true, ...result });
  } catch (error) {
    if (error instanceof SlackApiError) return answer(200, { ok: false, error: error.code, ...error.extra });
    // A bug in the stand-in itself: make it loud rather than a plausible Slack error.
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return answer(500, { ok: false, error: 'sandbox_internal_error', detail });
  }
}
