import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';

// PostgreSQL returns bigint (int8) as a string to avoid precision loss; our counts (COUNT(*)) fit in a JS number.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

/** A statement whose text starts with this comment runs as the named prepared statement NAME (see PreparingClient). */
const PREPARED_MARKER = /^\s*\/\* prepared:([\w-]+) \*\//;

/**
 * A pg client that runs a statement marked `/* prepared:NAME *\/` as a named prepared statement: PostgreSQL parses and
 * plans it once per connection instead of at every call. Kysely has no API for named statements, and it hands every
 * query to the client as `query(text, values)`, so the name travels in the text. Only hot, fixed statements are
 * marked: a named statement stays prepared for the connection's life, so marking SQL whose text varies (IN lists)
 * would grow without bound. The name is part of the text, so one name cannot stand for two statements; pg refuses
 * that loudly if it ever happens. The /ask intake's INSERT costs PostgreSQL 0.21–0.24 ms of CPU prepared against
 * 0.37–0.39 ms parsed and planned every time (docs/benchmarks.md, session 8).
 */
class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; this passes every call through
  override query(...args: any[]): any {
    const [text, values] = args;
    const name = typeof text === 'string' && Array.isArray(values) ? PREPARED_MARKER.exec(text)?.[1] : undefined;
    if (name !== undefined && args.length === 2) return super.query({ name, text, values });
    // biome-ignore lint/suspicious/noExplicitAny: as above
    return (super.query as (...a: any[]) => any)(...args);
  }
}

/** Creates the Kysely instance over a pg pool. The caller owns it and must `destroy()` it on shutdown. */
export function createDatabase(connectionString: string, maxConnections = 10): Kysely<Database> {
  const pool = new pg.Pool({ connectionString, max: maxConnections, Client: PreparingClient });
  // An idle connection dropped by the server (a restart, or Ctrl-C reaching the embedded PostgreSQL in the same
  // process group) must not crash the process; the pool replaces it on next use and the query path reports errors.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
