import { type AnyMiddlewareArgs, type App, type Middleware, MultipleListenerError } from '@slack/bolt';
import { inSequence } from './middleware/in-sequence.js';

/**
 * A listener as the feature modules write it: Bolt's arguments for its kind of request (each module types its own).
 * `never` accepts any one-argument listener here; the router hands it exactly the arguments Bolt built.
 */
type Listener = (args: never) => Promise<void>;
type Call = (args: unknown) => Promise<void>;

/**
 * The kinds of request the router dispatches, and the name it looks their handlers up by; undefined when a request is
 * not of that kind. The same matching as Bolt's listeners: `app.command`, `app.action` (block actions, by action_id),
 * `app.view` (submissions only: a closed modal is no submission), `app.event`, `app.shortcut` (by callback_id).
 */
const KINDS = {
  command: (args: { command?: { command?: string } }) => args.command?.command,
  action: (args: { action?: { action_id?: string } }) => args.action?.action_id,
  view: (args: { body?: { type?: string }; view?: { callback_id?: string } }) =>
    args.body?.type === 'view_submission' ? args.view?.callback_id : undefined,
  event: (args: { event?: { type?: string } }) => args.event?.type,
  shortcut: (args: { shortcut?: { callback_id?: string } }) => args.shortcut?.callback_id,
} as const;
type Kind = keyof typeof KINDS;
const KIND_NAMES = Object.keys(KINDS) as Kind[];

/**
 * Praxis's listeners, registered with Bolt as one global middleware that hands each request to its handlers by name,
 * with no Bolt listener at all. Bolt runs every registered listener's matcher chain for every request: with Praxis's
 * 40 registered one by one, 0.38 ms of the app's event loop per slash command; with one Bolt listener per kind, as
 * this router first did, 0.07 ms; and each listener Bolt runs gives the request a hidden class of its own (see
 * inSequence), which costs more in collections than in matching (bench/bolt-listeners.ts, docs/benchmarks.md session
 * 9). Every ack waits behind that work. The modules register through the same calls as on Bolt's App (`command`,
 * `action`, `view`, `event`, `shortcut`), with the same matching: exact names, and for actions also regular
 * expressions, tried in registration order; every handler that matches runs, side by side, and their failures reach
 * `app.error` as Bolt's would. A request no handler matches is left alone (not acknowledged), as Bolt leaves it.
 */
export class ListenerRouter {
  readonly #exact: Record<Kind, Map<string, Call[]>> = {
    command: new Map(),
    action: new Map(),
    view: new Map(),
    event: new Map(),
    shortcut: new Map(),
  };
  readonly #patterns: Array<{ pattern: RegExp; call: Call }> = [];

  command(name: string, listener: Listener): void {
    this.#add('command', name, listener);
  }

  action(id: string | RegExp, listener: Listener): void {
    if (typeof id === 'string') this.#add('action', id, listener);
    else this.#patterns.push({ pattern: id, call: listener as Call });
  }

  /** View submissions, by callback_id. */
  view(callbackId: string, listener: Listener): void {
    this.#add('view', callbackId, listener);
  }

  event(type: string, listener: Listener): void {
    this.#add('event', type, listener);
  }

  /** Global and message shortcuts, by callback_id. */
  shortcut(callbackId: string, listener: Listener): void {
    this.#add('shortcut', callbackId, listener);
  }

  /** What is registered, by kind (the manifest test compares it with manifest.yml). */
  registered(): { commands: string[]; events: string[]; shortcuts: string[]; actions: number; views: number } {
    return {
      commands: [...this.#exact.command.keys()],
      events: [...this.#exact.event.keys()],
      shortcuts: [...this.#exact.shortcut.keys()],
      actions: this.#exact.action.size + this.#patterns.length,
      views: this.#exact.view.size,
    };
  }

  /** Registers with Bolt one global middleware: `before` in order (Praxis's global middleware), then the dispatch. */
  install(app: App, before: ReadonlyArray<Middleware<AnyMiddlewareArgs>> = []): void {
    app.use(inSequence([...before, (args) => this.handle(args)]));
  }

  /** Hands a request (Bolt's listener arguments) to the handlers registered for it; none: nothing happens. */
  async handle(args: unknown): Promise<void> {
    for (const kind of KIND_NAMES) {
      const name = KINDS[kind](args as never);
      if (name !== undefined) return this.#dispatch(kind, name, args);
    }
  }

  #add(kind: Kind, name: string, listener: Listener): void {
    const calls = this.#exact[kind].get(name) ?? [];
    calls.push(listener as Call);
    this.#exact[kind].set(name, calls);
  }

  async #dispatch(kind: Kind, name: string, args: unknown): Promise<void> {
    const calls = [...(this.#exact[kind].get(name) ?? [])];
    if (kind === 'action') for (const { pattern, call } of this.#patterns) if (pattern.test(name)) calls.push(call);
    if (calls.length === 1) return (calls[0] as Call)(args);
    // As Bolt runs matching listeners: all of them, each to its end, then one error or all of them.
    const failed = (await Promise.allSettled(calls.map((call) => call(args)))).filter(
      (result): result is PromiseRejectedResult => result.status === 'rejected',
    );
    if (failed.length === 1) throw failed[0]?.reason;
    if (failed.length > 1) throw new MultipleListenerError(failed.map((result) => result.reason));
  }
}
