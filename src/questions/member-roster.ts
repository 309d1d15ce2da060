import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Deps } from '../deps.js';
import { type RosterMember, type RosterRead, readRoster, readRosterChanges } from './member-roster.repository.js';

export interface MemberRosterOptions {
  /** Members kept across workspaces; the least recently routed workspaces go first beyond it. */
  maxMembers?: number;
  /** How often a workspace in use is read in full again, whatever the feed said (see TeamRoster.#read). */
  fullReadEveryMs?: number;
  now?: () => number;
}

/**
 * The worker's copy of each workspace's member rows and routing versions, for the live router. A route used to join
 * its ~1,000 shortlisted ids to `member` and `member_routing_version` — a scan and hash of all 10k rows of each, then
 * ~1,000 rows to parse — which was about half of route_p95 (docs/benchmarks.md). Now a route reads only the ids, and
 * the copy is brought up to date by a read of the rows written or removed since the previous read (the change feed of
 * migration 2026_11_29_18_00_00), which runs beside the shortlist's queries.
 *
 * As fresh as the join was: every route waits for a read of the feed that started after the route asked, so it sees
 * every write committed before it began. Reads of a workspace run one at a time and are applied in order, so a slow
 * read can never put back a row that a later one updated; routes that ask while a read is running share the one read
 * queued after it. The copy reads through its own database handle (never a caller's transaction, whose uncommitted
 * writes could otherwise stay in it after a rollback).
 */
export class MemberRoster {
  /** Least recently used workspace first (Map order). */
  readonly #teams = new Map<string, TeamRoster>();
  readonly #maxMembers: number;
  readonly #fullReadEveryMs: number;
  readonly #now: () => number;

  constructor(
    private readonly db: Kysely<Database>,
    options: MemberRosterOptions = {},
  ) {
    this.#maxMembers = options.maxMembers ?? 200_000;
    this.#fullReadEveryMs = options.fullReadEveryMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The workspace's members as of a read of the feed that started after this call: user id → row. The Map is the
   * copy itself; read it before the next await (a later read replaces rows, or the whole Map, never mutates a row).
   */
  async current(teamId: string): Promise<ReadonlyMap<string, RosterMember>> {
    let team = this.#teams.get(teamId);
    if (team) this.#teams.delete(teamId);
    else team = new TeamRoster(this.db, teamId, this.#fullReadEveryMs, this.#now);
    this.#teams.set(teamId, team);
    await team.refresh();
    this.#evictBeyondBound(team);
    return team.members;
  }

  /** Drops the least recently used workspaces (never `keep`) while the copies hold more members than the bound. */
  #evictBeyondBound(keep: TeamRoster): void {
    let total = 0;
    for (const team of this.#teams.values()) total += team.members.size;
    for (const [teamId, team] of this.#teams) {
      if (total <= this.#maxMembers) return;
      if (team === keep) continue;
      this.#teams.delete(teamId);
      total -= team.members.size;
    }
  }
}

class TeamRoster {
  members = new Map<string, RosterMember>();
  /** Where the next read of the feed starts; null until the first (full) read. */
  #horizon: string | null = null;
  #fullReadAt = 0;
  #running: Promise<void> | null = null;
  #queued: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly teamId: string,
    private readonly fullReadEveryMs: number,
    private readonly now: () => number,
  ) {}

  /** Resolves after a read that started after the call: the running one is too early, so the next, shared. */
  refresh(): Promise<void> {
    if (this.#queued) return this.#queued;
    if (!this.#running) return this.#start();
    const queued = this.#running
      .catch(() => undefined)
      .then(() => {
        this.#queued = null;
        return this.#start();
      });
    this.#queued = queued;
    return queued;
  }

  #start(): Promise<void> {
    const running = this.#read().finally(() => {
      if (this.#running === running) this.#running = null;
    });
    this.#running = running;
    return running;
  }

  /**
   * One read, applied whole (a failed one changes nothing: the next starts from the same horizon). A full read
   * replaces the copy: the first, then every 15 minutes of use — a backstop for writes the feed cannot see (made with
   * triggers disabled, as a restore or logical replication can) — and whenever the feed says it must: after a
   * TRUNCATE, or when the horizon went back (transaction ids start lower after a restore into a new cluster or a
   * failover, so "at or after the old horizon" would find nothing new again).
   */
  async #read(): Promise<void> {
    if (this.#horizon === null || this.now() - this.#fullReadAt >= this.fullReadEveryMs) return this.#readAll();
    const read = await readRosterChanges(this.db, this.teamId, this.#horizon);
    if (read.removals.some((r) => r.user_id === null) || BigInt(read.horizon) < BigInt(this.#horizon))
      return this.#readAll();
    this.#apply(read);
  }

  async #readAll(): Promise<void> {
    const startedAt = this.now();
    const read = await readRoster(this.db, this.teamId);
    this.members = new Map(read.members.map((member) => [member.user_id, member]));
    this.#horizon = read.horizon;
    this.#fullReadAt = startedAt;
  }

  /** Removals first: a member removed and added again in the read's window is in its rows, and so stays. */
  #apply(read: RosterRead): void {
    for (const { team_id, user_id } of read.removals) {
      const member = this.members.get(user_id as string);
      if (!member) continue;
      if (team_id !== null) this.members.delete(member.user_id);
      else if (member.version !== 0) this.members.set(member.user_id, { ...member, version: 0 });
    }
    for (const member of read.members) this.members.set(member.user_id, member);
    for (const { user_id, version } of read.versions) {
      const member = this.members.get(user_id);
      // Replaced, not changed in place: a route still holding the old row keeps a consistent one.
      if (member && member.version !== version) this.members.set(user_id, { ...member, version });
    }
    this.#horizon = read.horizon;
  }
}

const rosters = new WeakMap<Deps, MemberRoster>();

/** The process's member roster for these deps (one per worker, like its profile cache). */
export function memberRosterFor(deps: Deps): MemberRoster {
  let roster = rosters.get(deps);
  if (!roster) {
    roster = new MemberRoster(deps.db, { now: () => deps.now().getTime() });
    rosters.set(deps, roster);
  }
  return roster;
}
