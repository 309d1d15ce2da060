import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { FileMigrationProvider, Migrator } from 'kysely/migration';
import type { Logger } from 'pino';

/** migrations/ sits two levels up from this file both in src/db (tsx, Jest) and in dist/src/db (after tsc). */
export const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, '../../migrations');

/**
 * Brings the schema to the latest migration. Safe when several processes start at once: Kysely's Migrator takes a
 * PostgreSQL advisory lock, so one process migrates and the others wait and then find nothing left to do.
 * @throws the migration error, after logging which migration failed.
 */
// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>, logger: Logger): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_FOLDER }),
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === 'Success') logger.info({ migration: result.migrationName }, 'migration applied');
    else if (result.status === 'Error') logger.error({ migration: result.migrationName }, 'migration failed');
  }
  if (error) throw error;
}
