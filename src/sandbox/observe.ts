import type { SandboxCore } from './core.js';
import { idOf, type Ref } from './driver/refs.js';
import type {
  ApiCall,
  Delivery,
  ResponseUrlPost,
  SandboxEphemeral,
  SandboxFile,
  SandboxMessage,
  SandboxView,
  ValidationFailure,
} from './types.js';
import { type WaitForOptions, waitFor } from './wait-for.js';

/** Read-only views of the sandbox's state and logs, for assertions. */
export class SandboxObservations {
  protected readonly core: SandboxCore;

  constructor(core: SandboxCore) {
    this.core = core;
  }

  /** Every Web API call, in arrival order (including refused ones). */
  get calls(): readonly ApiCall[] {
    return this.core.calls;
  }

  /** Web API requests as they arrived, including those still being answered (see `setLatency`). */
  get received(): ReadonlyArray<Pick<ApiCall, 'method' | 'args' | 'at'>> {
    return this.core.received;
  }

  /** Every signed request sent to the app, with its status and ack time. */
  get delivered(): readonly Delivery[] {
    return this.core.delivery.delivered;
  }

  /** Messages and views the stand-in refused as invalid Block Kit (or over a limit). */
  get validationFailures(): readonly ValidationFailure[] {
    return this.core.validationFailures;
  }

  /** Ephemeral messages (chat.postEphemeral, response_url, slash command acks). */
  get ephemerals(): readonly SandboxEphemeral[] {
    return this.core.messages.ephemerals;
  }

  /** POSTs the app made to response_urls. */
  get responseUrlPosts(): readonly ResponseUrlPost[] {
    return this.core.responseUrlPosts;
  }

  /** Every view the app created (modals and Home tabs). */
  get views(): SandboxView[] {
    return [...this.core.views.all.values()];
  }

  /** Uploaded files. */
  get files(): SandboxFile[] {
    return [...this.core.files.all.values()];
  }

  /** Calls of one Web API method. */
  callsTo(method: string): ApiCall[] {
    return this.core.calls.filter((c) => c.method === method);
  }

  /** Top-level messages of a conversation, oldest first. */
  messagesIn(channel: Ref): SandboxMessage[] {
    return this.core.messages.topLevel(idOf(channel));
  }

  /** A thread (parent, then replies), found by the parent's or any reply's ts. */
  thread(channel: Ref, ts: string): SandboxMessage[] {
    return this.core.messages.thread(idOf(channel), ts);
  }

  /** Top-level messages of the bot's DM with `user` (empty if none was opened). */
  dmWith(user: Ref): SandboxMessage[] {
    const dm = this.core.state.findDm(idOf(user));
    return dm ? this.core.messages.topLevel(dm) : [];
  }

  /** The Home tab view the app published for `user`. */
  homeOf(user: Ref): SandboxView | undefined {
    return this.core.views.homeOf(idOf(user));
  }

  /** `user`'s open modals, root first. */
  viewStack(user: Ref): SandboxView[] {
    return this.core.views.stackOf(idOf(user));
  }

  /** Resolves with the first truthy value of `probe` (polling; see {@link waitFor}). */
  waitFor<T>(probe: () => T | undefined | null | false, options?: WaitForOptions): Promise<T> {
    return waitFor(probe, options);
  }

  /** Waits until every background delivery (echoes, edits caused by API calls) has been answered by the app. */
  settled(): Promise<void> {
    return this.core.delivery.settled();
  }
}
