import { type Kysely, type RawBuilder, sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { createDatabase } from '../src/db/client.js';
import type { Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { log } from './stats.js';

const ms = (x: number) => `${(x / 1000).toFixed(1)} s`;

/** The benchmark's own PostgreSQL database: created, migrated with the app's migrations, dropped at the end. */
export interface BenchDatabase {
  name: string;
  url: string;
  db: Kysely<Database>;
  drop(): Promise<void>;
}

export const ADMIN_URL = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `praxis_bench_${process.pid}_${Date.now().toString(36)}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  // Ten connections, like each Praxis process: seeding, polling and the in-process measurements share this pool.
  const db = createDatabase(url.toString(), 10);
  // One drop shared by every caller: an interrupted run's finally must wait for the drop already in flight, or the
  // process exits (on the error the drop itself caused) before the database is gone.
  let dropping: Promise<void> | null = null;
  const drop = () =>
    (dropping ??= (async () => {
      // Drop first: FORCE ends our own pool's connections too, so an interrupted run does not wait for its queries.
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await db.destroy().catch(() => undefined);
    })());
  try {
    await migrateToLatest(db, pino({ level: 'silent' }));
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url: url.toString(), db, drop };
}

/**
 * Bulk-loads a table the way a restore does: secondary indexes are dropped, rows inserted, and the indexes rebuilt
 * from their own definitions (so the schema stays exactly the app's). Rebuilding once is several times faster than
 * maintaining a GIN or four B-trees row by row, which is what keeps 1M rows well under a minute.
 * Primary keys and unique constraints stay in place (they are constraints, not plain indexes).
 */
export async function bulkLoad(db: Kysely<Database>, table: string, load: () => Promise<void>): Promise<void> {
  const { rows } = await sql<{ indexname: string; indexdef: string }>`
    select i.indexname, i.indexdef from pg_indexes i
    where i.schemaname = 'public' and i.tablename = ${table}
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db);
  for (const r of rows) await sql.raw(`DROP INDEX ${r.indexname}`).execute(db);
  const started = performance.now();
  try {
    await load();
  } finally {
    const loaded = performance.now();
    // Two cores: build two indexes at a time, each with enough memory to sort in RAM.
    await Promise.all(
      [0, 1].map(async (lane) => {
        for (const r of rows.filter((_, i) => i % 2 === lane)) {
          await db.connection().execute(async (c) => {
            await sql.raw(`SET maintenance_work_mem = '256MB'`).execute(c);
            await sql.raw(r.indexdef).execute(c);
          });
        }
      }),
    );
    await sql.raw(`ANALYZE ${table}`).execute(db);
    log(
      `${table}: rows in ${ms(loaded - started)}, ${rows.length} indexes rebuilt in ${ms(performance.now() - loaded)}`,
    );
  }
}

/** Runs `statements(lane)` on two connections at once: inserting on both cores roughly halves seeding time. */
export async function inParallel(
  db: Kysely<Database>,
  lanes: number,
  work: (lane: number, run: (q: RawBuilder<unknown>) => Promise<void>) => Promise<void>,
): Promise<void> {
  await Promise.all(
    Array.from({ length: lanes }, (_, lane) =>
      db.connection().execute((c) =>
        work(lane, async (q) => {
          await q.execute(c);
        }),
      ),
    ),
  );
}
