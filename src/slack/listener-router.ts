import { type App, MultipleListenerError } from '@slack/bolt';

/**
 * A listener as the feature modules write it: Bolt's arguments for its kind of request (each module types its own).
 * `never` accepts any one-argument listener here; the router hands it exactly the arguments Bolt built.
 */
type Listener = (args: never) => Promise<void>;
type Call = (args: unknown) => Promise<void>;

/** Which Bolt listener a request reaches, and under which name the router looks its handlers up. */
const KINDS = {
  command: (args: { command?: { command?: string } }) => args.command?.command,
  action: (args: { action?: { action_id?: string } }) => args.action?.action_id,
  view: (args: { view?: { callback_id?: string } }) => args.view?.callback_id,
  event: (args: { event?: { type?: string } }) => args.event?.type,
} as const;
type Kind = keyof typeof KINDS;

/**
 * Registers Praxis's listeners with Bolt as one Bolt listener per kind (command, action, view submission, event)
 * that hands each request to its handlers by name. Bolt runs every registered listener's matcher chain for every
 * request: with Praxis's 40 registered one by one, 0.38 ms of the app's event loop per slash command; behind this router
 * 0.07 ms; a lone listener 0.04 ms (bench/bolt-listeners.ts). Every ack waits behind that work. The modules register through the same calls as
 * on Bolt's App (`command`, `action`, `view`, `event`, `shortcut`), with the same matching: exact names, and for
 * actions also regular expressions, tried in registration order; every handler that matches runs, side by side, and
 * their failures reach `app.error` as Bolt's would. A request no handler matches is left alone (not acknowledged),
 * as Bolt leaves it.
 */
export class ListenerRouter {
  readonly #exact: Record<Kind, Map<string, Call[]>> = {
    command: new Map(),
    action: new Map(),
    view: new Map(),
    event: new Map(),
  };
  readonly #patterns: Array<{ pattern: RegExp; call: Call }> = [];
  readonly #shortcuts: Array<{ callbackId: string; listener: Listener }> = [];

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

  /** Global and message shortcuts, by callback_id (few enough to register with Bolt as they are). */
  shortcut(callbackId: string, listener: Listener): void {
    this.#shortcuts.push({ callbackId, listener });
  }

  /** What is registered, by kind (the manifest test compares it with manifest.yml). */
  registered(): { commands: string[]; events: string[]; shortcuts: string[]; actions: number; views: number } {
    return {
      commands: [...this.#exact.command.keys()],
      events: [...this.#exact.event.keys()],
      shortcuts: this.#shortcuts.map((s) => s.callbackId),
      actions: this.#exact.action.size + this.#patterns.length,
      views: this.#exact.view.size,
    };
  }

  /** Registers the dispatching listeners with Bolt. */
  install(app: App): void {
    if (this.#exact.command.size > 0) app.command(/.*/, (args) => this.#dispatch('command', args));
    if (this.#exact.action.size + this.#patterns.length > 0) app.action(/.*/, (args) => this.#dispatch('action', args));
    if (this.#exact.view.size > 0)
      app.view({ type: 'view_submission', callback_id: /.*/ }, (args) => this.#dispatch('view', args));
    if (this.#exact.event.size > 0) app.event(/.*/, (args) => this.#dispatch('event', args));
    for (const { callbackId, listener } of this.#shortcuts) app.shortcut(callbackId, listener as Call);
  }

  #add(kind: Kind, name: string, listener: Listener): void {
    const calls = this.#exact[kind].get(name) ?? [];
    calls.push(listener as Call);
    this.#exact[kind].set(name, calls);
  }

  async #dispatch(kind: Kind, args: unknown): Promise<void> {
    const name = KINDS[kind](args as never);
    if (name === undefined) return;
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
