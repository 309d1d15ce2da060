// Plain ESM on purpose: Jest loads globalSetup outside its module mapper, so it cannot import our .ts sources.
// It creates this run's database, migrates it with the real `npm run migrate` code path, and hands its URL to the
// test workers through the environment.
import { execFileSync } from 'node:child_process';
import pg from 'pg';

const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export default async function globalSetup() {
  const name = `praxis_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  execFileSync('npx', ['tsx', 'src/db/migrate-cli.ts'], {
    env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
  // A pristine migrated copy that no test connects to, so suites can clone it (CREATE DATABASE … TEMPLATE) in ~50 ms
  // when they need a database of their own (end-to-end suites, whose stand-in ids repeat between suites).
  const again = new pg.Client({ connectionString: adminUrl });
  await again.connect();
  await again.query(`CREATE DATABASE ${name}_template TEMPLATE ${name}`);
  await again.end();
  process.env.PRAXIS_TEST_DATABASE_NAME = name;
  process.env.PRAXIS_TEST_RUN = `run${Date.now().toString(36)}`;
  process.env.PRAXIS_TEST_DATABASE_URL = url.toString();
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;
}
