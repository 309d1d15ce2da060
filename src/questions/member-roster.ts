import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Deps } from '../deps.js';
import { type RosterMember, readRoster, readRosterChanges } from './member-roster.repository.js';

/**
 * The worker's copy of each workspace's member rows and routing versions, for the live router. A route used to join
 * its ~1,000 shortlisted ids to `member` and `member_routing_version` — a scan and hash of all 10k rows of each, then
 * ~1,000 rows to parse — which was about half of route_p95 (docs/benchmarks.md). Now a route reads only the ids, and
 * the copy is brought up to date by a read of the rows written since the previous one (the change feed of migration
 * 2026_11_29_18_00_00), which runs beside the shortlist query.
 *
 * Exactly as fresh as the join was: every route waits for a read of the feed that started after the route asked, so it
 * sees every write committed before it began. Reads of a workspace run one at a time and are applied in order, so a
 * slow read can never put back a row that a later one updated; routes that ask while a read is running share the one
 * read queued after it.
 */
export class MemberRoster {
  /** Least recently used workspace first (Map order; there are few). */
  readonly #teams = new Map<string, TeamRoster>();

  constructor(private readonly maxTeams = 16) {}

  /**
   * The workspace's members as of a read of the feed that started after this call: user id → row. The Map is the
   * copy itself; read it before the next await (a later read replaces rows, never mutates them).
   */
  async current(db: Kysely<Database>, teamId: string): Promise<ReadonlyMap<string, RosterMember>> {
    let team = this.#teams.get(teamId);
    if (team) this.#teams.delete(teamId);
    else team = new TeamRoster(teamId);
    this.#teams.set(teamId, team);
    if (this.#teams.size > this.maxTeams) this.#teams.delete(this.#teams.keys().next().value as string);
    await team.refresh(db);
    return team.members;
  }
}

class TeamRoster {
  readonly members = new Map<string, RosterMember>();
  /** Where the next read of the feed starts; null until the first (full) read. */
  #horizon: string | null = null;
  #running: Promise<void> | null = null;
  #queued: Promise<void> | null = null;

  constructor(private readonly teamId: string) {}

  /** Resolves after a read that started after the call: the running one is too early, so the next, shared. */
  refresh(db: Kysely<Database>): Promise<void> {
    if (this.#queued) return this.#queued;
    if (!this.#running) return this.#start(db);
    const queued = this.#running
      .catch(() => undefined)
      .then(() => {
        this.#queued = null;
        return this.#start(db);
      });
    this.#queued = queued;
    return queued;
  }

  #start(db: Kysely<Database>): Promise<void> {
    const running = this.#read(db).finally(() => {
      if (this.#running === running) this.#running = null;
    });
    this.#running = running;
    return running;
  }

  /** One read, applied whole (a failed one changes nothing: the next starts from the same horizon). */
  async #read(db: Kysely<Database>): Promise<void> {
    const read =
      this.#horizon === null
        ? await readRoster(db, this.teamId)
        : await readRosterChanges(db, this.teamId, this.#horizon);
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
    roster = new MemberRoster();
    rosters.set(deps, roster);
  }
  return roster;
}
