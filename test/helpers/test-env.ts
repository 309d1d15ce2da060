import pg from 'pg';

/**
 * Where the test suite finds PostgreSQL and Redis. Defaults match this machine and CI (trust auth on 127.0.0.1).
 * The suite creates its own database and queue names and never touches data it did not create.
 */
export const TEST_ADMIN_DATABASE_URL =
  process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The per-run database created by global-setup. */
export function testDatabaseUrl(): string {
  const url = process.env.PRAXIS_TEST_DATABASE_URL;
  if (!url) throw new Error('PRAXIS_TEST_DATABASE_URL is not set: run the tests through `npm test` (global-setup).');
  return url;
}

export function databaseUrlFor(name: string): string {
  const url = new URL(TEST_ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A database for one suite, named after this run's so global-teardown drops it even if the suite crashes. */
export function suiteDatabaseName(suffix: string): string {
  const base = process.env.PRAXIS_TEST_DATABASE_NAME;
  if (!base) throw new Error('run the tests through `npm test`');
  return `${base}_${suffix}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Creates a fresh, migrated database for one suite (a clone of the run's template) and returns its URL. */
export async function createSuiteDatabase(suffix: string): Promise<string> {
  const base = process.env.PRAXIS_TEST_DATABASE_NAME;
  if (!base) throw new Error('run the tests through `npm test`');
  const name = suiteDatabaseName(suffix);
  const admin = new pg.Client({ connectionString: TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${base}_template`);
  } finally {
    await admin.end();
  }
  return databaseUrlFor(name);
}

/** A name no other test or run uses, for databases and queues. */
export function uniqueName(prefix: string): string {
  // The run id lets global-teardown find and remove every queue this run created in the shared Redis.
  const run = process.env.PRAXIS_TEST_RUN ?? 'norun';
  return `${prefix}_${run}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
