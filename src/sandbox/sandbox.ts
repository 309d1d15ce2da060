import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { BlockKitValidator } from './block-kit.js';
import type { SandboxCore, SandboxIdentity } from './core.js';
import { AppDelivery } from './delivery.js';
import { slashCommand } from './driver/commands.js';
import { type ClickInput, clickButton, type SelectInput, selectOption } from './driver/interactions.js';
import { humanDelete, humanEdit, humanPost, humanReaction, memberJoin, openHome } from './driver/people.js';
import { type AppAnswer, idOf, type Ref } from './driver/refs.js';
import { closeView, type SubmitAnswer, type SubmitValues, submitView } from './driver/views.js';
import { Faults, type RateLimitPlan } from './faults.js';
import { FileStore } from './files-store.js';
import { IdFactory } from './ids.js';
import { MessageStore } from './messages.js';
import { SandboxObservations } from './observe.js';
import { type DeliverEventOptions, deliverEvent } from './payloads/events.js';
import { ResponseUrlRegistry } from './response-urls.js';
import { startServer } from './server.js';
import { type AddChannelOptions, type AddUserOptions, WorkspaceState } from './state.js';
import { TriggerRegistry } from './triggers.js';
import type { Delivery, JsonObject, SandboxChannel, SandboxMessage, SandboxUser } from './types.js';
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
}

/** A running Slack stand-in: Web API, signed delivery to the app and a driver to act as people. */
export class SlackSandbox extends SandboxObservations {
  readonly #server: Server;

  /** Use {@link startSlackSandbox}. */
  constructor(core: SandboxCore, server: Server) {
    super(core);
    this.#server = server;
  }

  /** `http://127.0.0.1:PORT/api/`; the trailing slash matters for Bolt's `slackApiUrl`. */
  get apiUrl(): string {
    return `${this.core.baseUrl}/api/`;
  }
  get botToken(): string {
    return this.core.identity.botToken;
  }
  get botUserId(): string {
    return this.core.identity.botUserId;
  }
  get botId(): string {
    return this.core.identity.botId;
  }
  get teamId(): string {
    return this.core.identity.teamId;
  }
  get appId(): string {
    return this.core.identity.appId;
  }

  /** Where to deliver commands, events and interactions (the app's Request URL). */
  setAppUrl(url: string): void {
    this.core.delivery.setAppUrl(url);
  }

  /** Adds a workspace member. */
  addUser(options: AddUserOptions): SandboxUser {
    return this.core.state.addUser(options);
  }

  /** Adds a channel; the bot is a member unless `botIsMember: false`. */
  addChannel(options: Omit<AddChannelOptions, 'members'> & { members?: Ref[] }): SandboxChannel {
    return this.core.state.addChannel({ ...options, members: options.members?.map(idOf) });
  }

  /** The id of the bot's DM with `user` (the one conversations.open returns), opening it if needed. */
  openDm(user: Ref): string {
    return this.core.state.openConversation([idOf(user)]).channel.id;
  }

  /** A user runs a slash command; resolves with the app's ack. */
  slashCommand(input: { user: Ref; channel: Ref; command: string; text?: string }): Promise<AppAnswer> {
    return slashCommand(this.core, input);
  }
  /** A user posts (in a channel, DM or thread); resolves once the `message` event was acked. */
  postMessage(input: { user: Ref; channel: Ref; text: string; threadTs?: string; blocks?: JsonObject[] }): Promise<SandboxMessage> {
    return humanPost(this.core, input);
  }
  /** A user edits their message (`message_changed`). */
  editMessage(input: { user: Ref; channel: Ref; ts: string; text: string }): Promise<SandboxMessage> {
    return humanEdit(this.core, input);
  }
  /** A user deletes their message (`message_deleted`). */
  deleteMessage(input: { user: Ref; channel: Ref; ts: string }): Promise<void> {
    return humanDelete(this.core, input);
  }
  /** A user reacts (`reaction_added`). */
  addReaction(input: { user: Ref; channel: Ref; ts: string; name: string }): Promise<Delivery | undefined> {
    return humanReaction(this.core, 'reaction_added', input);
  }
  /** A user removes a reaction (`reaction_removed`). */
  removeReaction(input: { user: Ref; channel: Ref; ts: string; name: string }): Promise<Delivery | undefined> {
    return humanReaction(this.core, 'reaction_removed', input);
  }
  /** A user joins a channel (`member_joined_channel`). */
  memberJoin(user: Ref, channel: Ref, inviter?: Ref): Promise<Delivery | undefined> {
    return memberJoin(this.core, user, channel, inviter);
  }
  /** A user opens the app's Home tab (`app_home_opened`). */
  openHome(user: Ref, tab: 'home' | 'messages' = 'home'): Promise<Delivery> {
    return openHome(this.core, user, tab);
  }
  /** A user clicks a button found by its label in a message, ephemeral, modal or Home tab. */
  clickButton(input: ClickInput): Promise<AppAnswer> {
    return clickButton(this.core, input);
  }
  /** A user picks a value in a select, overflow, radio group or datepicker found by action_id. */
  selectOption(input: SelectInput): Promise<AppAnswer> {
    return selectOption(this.core, input);
  }
  /** A user submits the modal on top of their stack. */
  submitView(input: { user: Ref; viewId: string; values?: SubmitValues }): Promise<SubmitAnswer> {
    return submitView(this.core, input);
  }
  /** A user closes the modal on top of their stack (`view_closed` if notify_on_close). */
  closeView(input: { user: Ref; viewId: string }): Promise<Delivery | undefined> {
    return closeView(this.core, input);
  }
  /** Delivers any inner event in an event_callback envelope, `times` times with one event_id. */
  deliverEvent(event: JsonObject, options?: DeliverEventOptions): Promise<Delivery[]> {
    return deliverEvent(this.core, event, options);
  }

  /** The next `times` calls of `method` answer HTTP 429 with Retry-After. */
  rateLimit(method: string, plan?: Partial<RateLimitPlan>): void {
    this.core.faults.rateLimit(method, plan);
  }
  /** The next `times` calls of `method` answer `{ ok: false, error }`. */
  failNext(method: string, error: string, times = 1): void {
    this.core.faults.failNext(method, error, times);
  }
  /** Slows every Web API answer (or one method's) by `ms`. */
  setLatency(ms: number, method?: string): void {
    this.core.faults.setLatency(ms, method);
  }

  /** Waits for background deliveries, then stops the server. */
  async close(): Promise<void> {
    // Bounded: an app that never answers must not hang teardown.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.settled(), new Promise((r) => (timer = setTimeout(r, 2000)))]);
    clearTimeout(timer);
    await new Promise<void>((done) => {
      this.#server.close(() => done());
      this.#server.closeAllConnections();
    });
  }
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
    calls: [],
    validationFailures: [],
    responseUrlPosts: [],
    baseUrl: '',
  };
  const server = await startServer(core, options.port ?? 0);
  return new SlackSandbox(core, server);
}
