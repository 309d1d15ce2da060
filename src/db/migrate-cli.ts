/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded PostgreSQL) and exits. */
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { migrateToLatest } from './migrate.js';
import { openDatabase } from './open.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env, 'database');
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config, logger);
  try {
    await migrateToLatest(database.db, logger);
    logger.info('database is up to date');
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
