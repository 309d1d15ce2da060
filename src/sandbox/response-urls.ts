import type { IdFactory } from './ids.js';

/** What a response_url acts on, captured when it was issued. */
export interface ResponseUrlTarget {
  origin: 'command' | 'block_actions';
  user: string;
  channel: string;
  /** The message the interaction came from (block_actions on a message), for replace_original / delete_original. */
  messageTs?: string;
  /** Whether that message is an ephemeral one. */
  ephemeral?: boolean;
  threadTs?: string;
}

interface Entry extends ResponseUrlTarget {
  issuedAt: number;
  uses: number;
}

/** response_urls: up to 5 uses within 30 minutes (shared/docs/slack-testing.md §3). */
export class ResponseUrlRegistry {
  static readonly MAX_USES = 5;
  static readonly TTL_MS = 30 * 60 * 1000;
  readonly #entries = new Map<string, Entry>();
  readonly #ids: IdFactory;
  readonly #now: () => number;

  constructor(ids: IdFactory, now: () => number) {
    this.#ids = ids;
    this.#now = now;
  }

  /** A new URL path (`/commands/T…/n/secret` or `/actions/…`), mirroring hooks.slack.com's layout. */
  issue(teamId: string, target: ResponseUrlTarget): string {
    const kind = target.origin === 'command' ? 'commands' : 'actions';
    const path = `/${kind}/${teamId}/${this.#entries.size + 1}/${this.#ids.secret()}`;
    this.#entries.set(path, { ...target, issuedAt: this.#now(), uses: 0 });
    return path;
  }

  /** Counts one use of `path`; answers its target or why it is refused. */
  use(path: string): { ok: true; target: ResponseUrlTarget } | { ok: false; status: number; error: string } {
    const entry = this.#entries.get(path);
    if (!entry) return { ok: false, status: 404, error: 'invalid_url' };
    if (this.#now() - entry.issuedAt > ResponseUrlRegistry.TTL_MS)
      return { ok: false, status: 404, error: 'expired_url' };
    if (entry.uses >= ResponseUrlRegistry.MAX_USES) return { ok: false, status: 404, error: 'used_url' };
    entry.uses += 1;
    return { ok: true, target: entry };
  }
}
