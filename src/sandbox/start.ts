import { resolve } from 'node:path';
import { BlockKitValidator } from './block-kit.js';
import type { SandboxCore, SandboxIdentity } from './core.js';
import { AppDelivery } from './delivery.js';
import { Faults } from './faults.js';
import { FileStore } from './files-store.js';
import { IdFactory } from './ids.js';
import { MessageStore } from './messages.js';
import { ResponseUrlRegistry } from './response-urls.js';
import { SlackSandbox } from './sandbox.js';
import { startServer } from './server.js';
import { SocketModeHub } from './socket-mode/hub.js';
import { WorkspaceState } from './state.js';
import { TriggerRegistry } from './triggers.js';
import { ViewStore } from './views-store.js';

/** Options for {@link startSlackSandbox}. */
export interface SlackSandboxOptions {
  /** The app's signing secret: every request to the app is signed with it. */
  signingSecret: string;
  /** shared/slack-reference directory (default: ../shared/slack-reference from process.cwd()). */
  referenceDir?: string;
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** Bot token the Web API accepts (default: a fresh xoxb- token). */
  botToken?: string;
  /** Where the app listens, if already known. */
  appUrl?: string;
  /** trigger_id lifetime (default 3000 ms, as Slack). */
  triggerTtlMs?: number;
  /** How long to wait for the app to answer a delivery (default 10 s; Slack itself gives up after 3 s). */
  deliveryTimeoutMs?: number;
  /** Clock for ts, trigger and response_url expiry (default Date.now); signatures always use the real clock. */
  now?: () => number;
  /**
   * The app's event subscriptions (its manifest's bot_events: `manifestBotEvents()`): only those events are
   * delivered, as Slack does. Default: every event.
   */
  botEvents?: readonly string[];
  /**
   * Enables Socket Mode: apps.connections.open accepts this app-level token (`xapp-…`), and while the app holds a
   * socket open every delivery goes over it instead of to the Request URL. Default: HTTP only.
   */
  appToken?: string;
}

/** Starts a sandbox on 127.0.0.1. */
export async function startSlackSandbox(options: SlackSandboxOptions): Promise<SlackSandbox> {
  const now = options.now ?? Date.now;
  const ids = new IdFactory(now);
  const validator = new BlockKitValidator(options.referenceDir ?? resolve(process.cwd(), '../shared/slack-reference'));
  const identity: SandboxIdentity = {
    teamId: ids.next('T'),
    teamDomain: 'praxis-sandbox',
    teamName: 'Praxis Sandbox',
    appId: ids.next('A'),
    botId: ids.next('B'),
    botUserId: ids.next('U'),
    botName: 'praxis',
    botToken: options.botToken ?? `xoxb-sandbox-${ids.secret(12)}`,
    verificationToken: ids.secret(12),
    signingSecret: options.signingSecret,
  };
  const delivery = new AppDelivery(options.signingSecret, options.deliveryTimeoutMs ?? 10_000);
  delivery.setAppUrl(options.appUrl);
  const socketMode = options.appToken ? new SocketModeHub(options.appToken, identity.appId, ids) : undefined;
  if (socketMode) delivery.useTransport(socketMode);
  const core: SandboxCore = {
    identity,
    now,
    ids,
    state: new WorkspaceState(ids, now, { userId: identity.botUserId, botId: identity.botId, name: identity.botName }),
    messages: new MessageStore(ids),
    views: new ViewStore(ids, now),
    files: new FileStore(ids, now),
    validator,
    faults: new Faults(),
    triggers: new TriggerRegistry(ids, now, options.triggerTtlMs ?? 3000),
    responseUrls: new ResponseUrlRegistry(ids, now),
    delivery,
    socketMode,
    botEvents: options.botEvents,
    calls: [],
    received: [],
    validationFailures: [],
    responseUrlPosts: [],
    baseUrl: '',
  };
  const server = await startServer(core, options.port ?? 0);
  return new SlackSandbox(core, server);
}
