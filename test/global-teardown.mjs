import pg from 'pg';

// Drops the database this run created, and any a test derived from its name (`<name>_<suffix>`).
export default async function globalTeardown() {
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
