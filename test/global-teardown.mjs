import { Redis } from 'ioredis';
import pg from 'pg';

// Drops the database this run created, and any a test derived from its name (`<name>_<suffix>`).
export default async function globalTeardown() {
  await removeRunQueues(process.env.PRAXIS_TEST_RUN);
  const name = process.env.PRAXIS_TEST_DATABASE_NAME;
  if (!name) return;
  const admin = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  const { rows } = await admin.query('SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2', [
    name,
    `${name}\\_%`,
  ]);
  for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
  await admin.end();
}

// BullMQ keys of the queues this run created (their names carry the run id; see uniqueName in test-env.ts).
async function removeRunQueues(run) {
  if (!run) return;
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `bull:*_${run}_*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
