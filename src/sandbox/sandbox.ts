import type { Server } from 'node:http';
import type { SandboxCore } from './core.js';
import { slashCommand } from './driver/commands.js';
import { type ClickInput, clickButton, type SelectInput, selectOption } from './driver/interactions.js';
import { humanDelete, humanEdit, humanPost, humanReaction, memberJoin, openHome } from './driver/people.js';
import { type AppAnswer, idOf, type Ref } from './driver/refs.js';
import { messageShortcut } from './driver/shortcuts.js';
import { closeView, type SubmitAnswer, type SubmitValues, submitView } from './driver/views.js';
import type { RateLimitPlan } from './faults.js';
import { SandboxObservations } from './observe.js';
import { type DeliverEventOptions, deliverEvent } from './payloads/events.js';
import type { AddChannelOptions, AddUserOptions } from './state.js';
import type { Delivery, JsonObject, SandboxChannel, SandboxMessage, SandboxUser } from './types.js';

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

  /** The app-level token apps.connections.open accepts (Socket Mode), when the sandbox was started with one. */
  get appToken(): string | undefined {
    return this.core.socketMode?.appToken;
  }
  /** How many Socket Mode connections the app holds open (0 without Socket Mode). */
  get socketModeConnections(): number {
    return this.core.socketMode?.connectionCount ?? 0;
  }
  /** Sends Slack's `disconnect` message on every Socket Mode connection; the client reconnects on its own. */
  requestSocketModeReconnect(reason?: string): void {
    this.core.socketMode?.requestReconnect(reason);
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
  postMessage(input: {
    user: Ref;
    channel: Ref;
    text: string;
    threadTs?: string;
    blocks?: JsonObject[];
  }): Promise<SandboxMessage> {
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
  openHome(user: Ref, tab: 'home' | 'messages' = 'home'): Promise<Delivery | undefined> {
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
  /** A user runs a message shortcut (the ⋯ menu of a message) on the message at `ts`. */
  messageShortcut(input: { user: Ref; channel: Ref; ts: string; callbackId: string }): Promise<AppAnswer> {
    return messageShortcut(this.core, input);
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
    // Upgraded sockets are no longer the HTTP server's: closeAllConnections would leave them open.
    this.core.socketMode?.closeAll();
    await new Promise<void>((done) => {
      this.#server.close(() => done());
      this.#server.closeAllConnections();
    });
  }
}
