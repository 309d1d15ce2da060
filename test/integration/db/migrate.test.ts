import { readdirSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { createDatabase } from '../../../src/db/client.js';
import { MIGRATIONS_FOLDER, migrateToLatest } from '../../../src/db/migrate.js';
import { databaseUrlFor, suiteDatabaseName, TEST_ADMIN_DATABASE_URL } from '../../helpers/test-env.js';

describe('migrations', () => {
  it('are safe when several processes start at once on an empty database', async () => {
    const name = suiteDatabaseName('migrate');
    const admin = new pg.Client({ connectionString: TEST_ADMIN_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    // Three "processes": separate pools racing to migrate the same empty schema.
    const databases = [1, 2, 3].map(() => createDatabase(databaseUrlFor(name), 2));
    try {
      const results = await Promise.allSettled(databases.map((db) => migrateToLatest(db, pino({ level: 'silent' }))));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
      const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(
        databases[0] as (typeof databases)[number],
      );
      const files = readdirSync(MIGRATIONS_FOLDER)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => f.replace(/\.ts$/, ''));
      expect(applied.rows.map((r) => r.name)).toEqual(files.sort());
    } finally {
      await Promise.all(databases.map((db) => db.destroy()));
    }
  });
});
