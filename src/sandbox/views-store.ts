import type { IdFactory } from './ids.js';
import { initialStateValues } from './state-values.js';
import type { JsonObject, SandboxView } from './types.js';

/** Views the app opened, pushed, updated or published, with each user's modal stack and Home tab. */
export class ViewStore {
  static readonly MAX_STACK = 3;
  readonly all = new Map<string, SandboxView>();
  readonly #stacks = new Map<string, string[]>();
  readonly #homes = new Map<string, string>();
  readonly #ids: IdFactory;
  readonly #now: () => number;

  constructor(ids: IdFactory, now: () => number) {
    this.#ids = ids;
    this.#now = now;
  }

  /** Opens a new modal for `user`, replacing any stack (a user sees one modal at a time). */
  open(user: string, spec: JsonObject): SandboxView | { error: string } {
    if (this.#externalIdTaken(spec)) return { error: 'duplicate_external_id' };
    for (const id of this.#stacks.get(user) ?? []) this.#close(id);
    const view = this.#create(user, 'modal', spec, null, null);
    this.#stacks.set(user, [view.id]);
    return view;
  }

  /** Pushes a modal onto `user`'s stack (at most 3 deep). */
  push(user: string, spec: JsonObject): SandboxView | { error: string } {
    const stack = this.#stacks.get(user) ?? [];
    if (stack.length >= ViewStore.MAX_STACK) return { error: 'push_limit_reached' };
    if (this.#externalIdTaken(spec)) return { error: 'duplicate_external_id' };
    const top = stack.at(-1);
    const view = this.#create(user, 'modal', spec, stack[0] ?? null, top ?? null);
    this.#stacks.set(user, [...stack, view.id]);
    return view;
  }

  /** Replaces a view's content; `hash`, when given, must match (Slack's guard against racing updates). */
  update(
    target: { viewId?: string; externalId?: string; hash?: string },
    spec: JsonObject,
  ): SandboxView | { error: string } {
    const view = target.viewId
      ? this.all.get(target.viewId)
      : [...this.all.values()].find((v) => v.spec.external_id === target.externalId);
    if (!view || (!view.open && view.type === 'modal')) return { error: 'not_found' };
    if (target.hash !== undefined && target.hash !== view.hash) return { error: 'hash_conflict' };
    view.spec = spec;
    view.hash = this.#hash();
    view.stateValues = initialStateValues(spec.blocks);
    return view;
  }

  /** Publishes `user`'s Home tab; the view keeps its id across publishes, the hash changes. */
  publish(user: string, spec: JsonObject, hash?: string): SandboxView | { error: string } {
    const existing = this.homeOf(user);
    if (existing) return this.update({ viewId: existing.id, hash }, spec);
    const view = this.#create(user, 'home', spec, null, null);
    this.#homes.set(user, view.id);
    return view;
  }

  /** The user's open modals, root first. */
  stackOf(user: string): SandboxView[] {
    return (this.#stacks.get(user) ?? []).flatMap((id) => this.all.get(id) ?? []);
  }

  /** The user's Home tab view, if the app published one. */
  homeOf(user: string): SandboxView | undefined {
    const id = this.#homes.get(user);
    return id ? this.all.get(id) : undefined;
  }

  /** Closes the top modal of `user` (what a blank view_submission ack or the close button does). */
  closeTop(user: string): void {
    const stack = this.#stacks.get(user) ?? [];
    const top = stack.pop();
    if (top) this.#close(top);
  }

  /** Closes every modal of `user` (response_action "clear"). */
  clear(user: string): void {
    for (const id of this.#stacks.get(user) ?? []) this.#close(id);
    this.#stacks.set(user, []);
  }

  #create(
    user: string,
    type: 'modal' | 'home',
    spec: JsonObject,
    root: string | null,
    previous: string | null,
  ): SandboxView {
    const id = this.#ids.next('V');
    const view: SandboxView = {
      id,
      type,
      user,
      spec,
      hash: this.#hash(),
      rootViewId: root ?? id,
      previousViewId: previous,
      stateValues: initialStateValues(spec.blocks),
      open: true,
    };
    this.all.set(id, view);
    return view;
  }

  #close(id: string): void {
    const view = this.all.get(id);
    if (view) view.open = false;
  }

  #externalIdTaken(spec: JsonObject): boolean {
    return (
      typeof spec.external_id === 'string' &&
      [...this.all.values()].some((v) => v.spec.external_id === spec.external_id)
    );
  }

  /** Slack's view hashes look like "1569362015.55b5e41b". */
  #hash(): string {
    return `${Math.floor(this.#now() / 1000)}.${this.#ids.secret(4)}`;
  }
}
