import type { IdFactory } from './ids.js';

/** Why a trigger_id was refused; these are the codes views.open / views.push answer. */
export type TriggerError = 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id';

interface Trigger {
  user: string;
  issuedAt: number;
  used: boolean;
}

/** trigger_ids: single use and valid for `ttlMs` (Slack: 3 s), issued with every command and interaction. */
export class TriggerRegistry {
  readonly #triggers = new Map<string, Trigger>();
  readonly #ids: IdFactory;
  readonly #now: () => number;
  readonly #ttlMs: number;

  constructor(ids: IdFactory, now: () => number, ttlMs: number) {
    this.#ids = ids;
    this.#now = now;
    this.#ttlMs = ttlMs;
  }

  /** A fresh trigger_id for `user`. */
  issue(user: string): string {
    const id = this.#ids.triggerId();
    this.#triggers.set(id, { user, issuedAt: this.#now(), used: false });
    return id;
  }

  /** Uses a trigger once; answers the user it was issued to, or the Slack error code. */
  consume(id: unknown): { ok: true; user: string } | { ok: false; error: TriggerError } {
    const trigger = typeof id === 'string' ? this.#triggers.get(id) : undefined;
    if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
    if (trigger.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (this.#now() - trigger.issuedAt > this.#ttlMs) return { ok: false, error: 'expired_trigger_id' };
    trigger.used = true;
    return { ok: true, user: trigger.user };
  }
}
