import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createDatabase } from '../../../src/db/client.js';
import type { Database } from '../../../src/db/database.js';
import { setAvailability, touchLastActive, upsertMember } from '../../../src/members/member.repository.js';
import { MemberRoster } from '../../../src/questions/member-roster.js';
import { membersWhere } from '../../../src/questions/member-roster.repository.js';
import { answeredQuestion, seedDbCommunity } from '../../helpers/db-community.js';
import { createSuiteDatabase } from '../../helpers/test-env.js';

const TEAM = 'TROSTER';

/**
 * Waits until no transaction older than the suite's latest change stamp (member rows, routing versions, removal notes)
 * is running anywhere in the cluster. A roster re-reads everything stamped at or after its horizon, the cluster's
 * oldest running transaction, so while another suite holds an older one open, a read sees more than the test means.
 */
async function waitForHorizonPastStamps(db: Kysely<Database>): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { rows } = await sql<{ past: boolean }>`
      select pg_snapshot_xmin(pg_current_snapshot()) > coalesce(greatest(
        (select max(changed_xact) from member),
        (select max(changed_xact) from member_routing_version),
        (select max(changed_xact) from member_feed_removal)), '0'::xid8) as past`.execute(db);
    if (rows[0]?.past) return;
    if (Date.now() > deadline) throw new Error('a transaction older than the test rows stayed open for 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const OTHER_TEAM = 'TROSTER2';
const CHANNEL = 'CROSTER';
const MEMBERS = ['UANNA', 'UBEN', 'UCARA', 'UDAN'];

/**
 * The worker's copy of the member rows and routing versions (MemberRoster) must always equal what a direct read of
 * the tables returns at the time of the call — whatever was written in between, and in whatever order the writing
 * transactions commit.
 */
describe('member roster', () => {
  let url: string;
  let db: Kysely<Database>;
  let communityId: number;
  let n = 0;

  beforeAll(async () => {
    url = await createSuiteDatabase('member_roster');
    db = createDatabase(url, 6);
    communityId = await seedDbCommunity(db, { teamId: TEAM, channelId: CHANNEL, members: MEMBERS });
    await seedDbCommunity(db, { teamId: OTHER_TEAM, channelId: 'CROSTER2', members: ['UOTHER'] });
  });
  afterAll(async () => {
    await db?.destroy();
  });

  /** The workspace's rows as a direct read gives them. */
  const direct = async () =>
    new Map((await membersWhere(db, TEAM, sql<boolean>`true`)).map((m) => [m.user_id, m] as const));
  const copy = async (roster: MemberRoster, teamId = TEAM) => new Map(await roster.current(teamId));
  /** A question answered by `userId`: their routing version changes when it commits. */
  const answerBy = async (userId: string) => {
    n += 1;
    await answeredQuestion(db, {
      teamId: TEAM,
      communityId,
      channelId: CHANNEL,
      answererId: userId,
      key: `roster-${n}`,
    });
  };

  it("holds the workspace's members (and no one else's) with their versions, as a direct read does", async () => {
    await answerBy('UANNA');
    const roster = new MemberRoster(db);
    const rows = await copy(roster);
    expect([...rows.keys()].sort()).toEqual(MEMBERS);
    expect(rows).toEqual(await direct());
    expect(rows.get('UANNA')?.version).toBeGreaterThan(0);
    expect(rows.get('UBEN')?.version).toBe(0); // nothing written about them yet
  });

  it('follows every kind of write made after its first read', async () => {
    const roster = new MemberRoster(db);
    const first = await copy(roster);

    const snoozed = new Date(Date.now() + 3_600_000);
    await setAvailability(db, TEAM, 'UBEN', { snoozed_until: snoozed, routing_opt_out: true, weekly_cap: 3 });
    await touchLastActive(db, [{ teamId: TEAM, userId: 'UCARA', at: new Date(Date.now() - 1_000) }]);
    await upsertMember(db, {
      teamId: TEAM,
      userId: 'UDAN',
      displayName: 'Dan',
      tz: 'UTC',
      isBot: false,
      deactivated: true,
    });
    await upsertMember(db, {
      teamId: TEAM,
      userId: 'UEVE',
      displayName: 'Eve',
      tz: 'UTC',
      isBot: false,
      deactivated: false,
    });
    await answerBy('UANNA');

    const later = await copy(roster);
    expect(later).toEqual(await direct());
    expect(later.get('UBEN')).toMatchObject({ routing_opt_out: true, weekly_cap: 3, snoozed_ms: snoozed.getTime() });
    expect(later.get('UCARA')?.last_active_ms).not.toBe(first.get('UCARA')?.last_active_ms);
    expect(later.get('UDAN')?.deactivated).toBe(true);
    expect(later.has('UEVE')).toBe(true);
    expect(later.get('UANNA')?.version).not.toBe(first.get('UANNA')?.version);
    // A write in another workspace changes nothing here (and is not copied in).
    await touchLastActive(db, [{ teamId: OTHER_TEAM, userId: 'UOTHER', at: new Date() }]);
    expect(await copy(roster)).toEqual(await direct());
  });

  it('misses no write whose transaction committed after a later one it had already read', async () => {
    const roster = new MemberRoster(db);
    await copy(roster);
    // Transaction A starts writing first (so its id is the lower), B writes and commits, the roster reads, and only
    // then does A commit: "changes after the highest id I have read" would skip A's writes for good.
    const a = new pg.Client({ connectionString: url });
    await a.connect();
    try {
      await a.query('BEGIN');
      await a.query(`UPDATE member SET weekly_cap = 7 WHERE team_id = $1 AND user_id = 'UCARA'`, [TEAM]);
      await a.query(`INSERT INTO expertise (team_id, user_id, tag, declared) VALUES ($1, 'UDAN', 'dns', true)`, [TEAM]);
      await setAvailability(db, TEAM, 'UANNA', { weekly_cap: 4 }); // B
      await answerBy('UBEN'); // B'
      const between = await copy(roster);
      expect(between.get('UANNA')?.weekly_cap).toBe(4);
      expect(between.get('UCARA')?.weekly_cap).not.toBe(7);
      expect(between).toEqual(await direct());
      await a.query('COMMIT');
    } finally {
      await a.end();
    }
    const after = await copy(roster);
    expect(after.get('UCARA')?.weekly_cap).toBe(7);
    expect(after).toEqual(await direct()); // UDAN's version too (bumped at A's commit)
  });

  it('gives every caller a read that started after its call, sharing one read among those waiting', async () => {
    // The feed's reads, counted through Kysely's own query log.
    let reads = 0;
    const logged = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 4 }) }),
      log: (event) => {
        if (event.query.sql.includes('pg_current_snapshot')) reads += 1;
      },
    });
    try {
      const roster = new MemberRoster(logged);
      await roster.current(TEAM);
      reads = 0;
      const early = roster.current(TEAM); // its read is in flight while the others ask
      const waiting = Array.from({ length: 8 }, () => roster.current(TEAM));
      await Promise.all([early, ...waiting]);
      expect(reads).toBe(2); // the early caller's, then one for all eight (theirs started too late for them)

      const before = roster.current(TEAM);
      await setAvailability(db, TEAM, 'UDAN', { weekly_cap: 9 }); // committed after that call, before these:
      const after = await Promise.all(Array.from({ length: 8 }, () => roster.current(TEAM)));
      await before;
      for (const rows of after) expect(rows.get('UDAN')?.weekly_cap).toBe(9);
      expect(new Map(after[0])).toEqual(await direct());
    } finally {
      await logged.destroy();
    }
  });

  it('leaves its copy as it was when a read fails, and catches up on the next', async () => {
    // The roster's own connection gives up after 200 ms; a lock on `member` makes its next read wait longer than that.
    const impatient = createDatabase(`${url}?options=${encodeURIComponent('-c statement_timeout=200')}`, 2);
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    try {
      const roster = new MemberRoster(impatient);
      await copy(roster);
      await setAvailability(db, TEAM, 'UEVE', { weekly_cap: 5 });
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE member IN ACCESS EXCLUSIVE MODE');
      await expect(roster.current(TEAM)).rejects.toThrow(/statement timeout/);
      await locker.query('ROLLBACK');
      const rows = await copy(roster);
      expect(rows.get('UEVE')?.weekly_cap).toBe(5);
      expect(rows).toEqual(await direct());
    } finally {
      await locker.end();
      await impatient.destroy();
    }
  });

  it('drops members who were deleted or moved to another workspace, and versions whose row was deleted', async () => {
    await upsertMember(db, {
      teamId: TEAM,
      userId: 'UGONE',
      displayName: 'x',
      tz: 'UTC',
      isBot: false,
      deactivated: false,
    });
    await upsertMember(db, {
      teamId: TEAM,
      userId: 'UMOVER',
      displayName: 'x',
      tz: 'UTC',
      isBot: false,
      deactivated: false,
    });
    await answerBy('UCARA'); // a version row to delete
    const roster = new MemberRoster(db);
    const other = new MemberRoster(db);
    const first = await copy(roster);
    await copy(other, OTHER_TEAM);
    expect(first.has('UGONE') && first.has('UMOVER')).toBe(true);
    expect(first.get('UCARA')?.version).toBeGreaterThan(0);

    await db.deleteFrom('member').where('team_id', '=', TEAM).where('user_id', '=', 'UGONE').execute();
    await db
      .updateTable('member')
      .set({ team_id: OTHER_TEAM })
      .where('team_id', '=', TEAM)
      .where('user_id', '=', 'UMOVER')
      .execute();
    await db.deleteFrom('member_routing_version').where('user_id', '=', 'UCARA').execute();
    const later = await copy(roster);
    expect(later.has('UGONE')).toBe(false);
    expect(later.has('UMOVER')).toBe(false);
    expect(later.get('UCARA')?.version).toBe(0);
    expect(later).toEqual(await direct());
    expect((await copy(other, OTHER_TEAM)).has('UMOVER')).toBe(true);

    // A member deleted and added again between two reads is there, with their new row.
    await db.deleteFrom('member').where('team_id', '=', TEAM).where('user_id', '=', 'UDAN').execute();
    await upsertMember(db, {
      teamId: TEAM,
      userId: 'UDAN',
      displayName: 'Dan',
      tz: 'UTC',
      isBot: true,
      deactivated: false,
    });
    expect((await copy(roster)).get('UDAN')?.is_bot).toBe(true);
    expect(await copy(roster)).toEqual(await direct());
  });

  it('reads everything again after a TRUNCATE, and every 15 minutes of use, which catches writes made without triggers', async () => {
    let clock = Date.now();
    const roster = new MemberRoster(db, { now: () => clock });
    await answerBy('UANNA');
    expect((await copy(roster)).get('UANNA')?.version).toBeGreaterThan(0);
    await sql`truncate member_routing_version`.execute(db);
    expect((await copy(roster)).get('UANNA')?.version).toBe(0);
    expect(await copy(roster)).toEqual(await direct());

    // A write with triggers off (as logical replication applies rows, or pg_restore --disable-triggers) is not stamped:
    // the feed cannot see it, and the next full read puts it right. The feed re-reads every row stamped at or after its
    // horizon; while another suite's transaction older than Anna's stamp is open, it would re-read her row and see the
    // write. So wait for the horizon to pass her stamp, and read once more so the roster's horizon passes it too.
    await waitForHorizonPastStamps(db);
    await copy(roster);
    const quiet = new pg.Client({ connectionString: url });
    await quiet.connect();
    try {
      await quiet.query(`SET session_replication_role = replica`);
      await quiet.query(`UPDATE member SET weekly_cap = 11 WHERE team_id = $1 AND user_id = 'UANNA'`, [TEAM]);
    } finally {
      await quiet.end();
    }
    expect((await copy(roster)).get('UANNA')?.weekly_cap).not.toBe(11);
    clock += 15 * 60_000;
    expect((await copy(roster)).get('UANNA')?.weekly_cap).toBe(11);
    expect(await copy(roster)).toEqual(await direct());
  });

  it('keeps at most its bound of members, dropping the least recently used workspaces first', async () => {
    // Which reads were full ones (they ask for no changes: `'[]'::json` stands in for them), through Kysely's log.
    const full: boolean[] = [];
    const logged = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }),
      log: (event) => {
        if (event.query.sql.includes('pg_current_snapshot')) full.push(event.query.sql.includes(`'[]'::json`));
      },
    });
    try {
      await waitForHorizonPastStamps(db); // else an older open transaction elsewhere makes the TRUNCATE's note count again
      const roster = new MemberRoster(logged, { maxMembers: 3 });
      await roster.current(TEAM); // more than 3 members: kept while it is the workspace in use
      await roster.current(TEAM);
      await roster.current(OTHER_TEAM); // TEAM's copy goes
      await roster.current(OTHER_TEAM);
      expect(new Map(await roster.current(TEAM))).toEqual(await direct());
      expect(full).toEqual([true, false, true, false, true]); // TEAM read in full again
      const unbounded = new MemberRoster(logged);
      full.length = 0;
      for (const team of [TEAM, OTHER_TEAM, TEAM]) await unbounded.current(team);
      expect(full).toEqual([true, true, false]);
    } finally {
      await logged.destroy();
    }
  });
});
