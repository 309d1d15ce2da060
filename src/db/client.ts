import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

// PostgreSQL returns bigint (int8) as a string to avoid precision loss; our counts (COUNT(*)) fit in a JS number.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

/** Creates the Kysely instance over a pg pool. The caller owns it and must `destroy()` it on shutdown. */
export function createDatabase(connectionString: string, maxConnections = 10): Kysely<Database> {
  const pool = new pg.Pool({ connectionString, max: maxConnections });
  // An idle connection dropped by the server (a restart, or Ctrl-C reaching the embedded PostgreSQL in the same
  // process group) must not crash the process; the pool replaces it on next use and the query path reports errors.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
