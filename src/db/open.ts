import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createDatabase } from './client.js';
import type { Database } from './database.js';
import { startEmbeddedPostgres } from './embedded.js';

/** The database Praxis uses, and how to let go of it (pool first, then the embedded server if we started one). */
export interface OpenedDatabase {
  db: Kysely<Database>;
  connectionString: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** Connects to DATABASE_URL, or starts the embedded PostgreSQL in DATA_DIR when it is unset. */
export async function openDatabase(config: Config, logger: Logger): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    const db = createDatabase(config.databaseUrl);
    return { db, connectionString: config.databaseUrl, embedded: false, close: () => db.destroy() };
  }
  const server = await startEmbeddedPostgres(config.dataDir, config.embeddedPostgresPort, logger);
  const db = createDatabase(server.connectionString);
  return {
    db,
    connectionString: server.connectionString,
    embedded: true,
    close: async () => {
      await db.destroy();
      await server.stop();
    },
  };
}
