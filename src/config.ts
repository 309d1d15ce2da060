/**
 * The only reader of the environment. Everything is validated once, at start, and every problem is
 * reported together so an operator fixes the whole list in one go instead of one variable per restart.
 */

/** Which parts of Praxis this process runs: the Slack app, the BullMQ worker, or both. */
export type PraxisRole = 'all' | 'app' | 'worker';

/** Validated, typed configuration. Nothing else in the codebase reads process.env. */
export interface Config {
  slack: {
    botToken: string;
    /** Needed in HTTP mode; optional in Socket Mode. */
    signingSecret: string | null;
    /** When set, Bolt runs in Socket Mode. */
    appToken: string | null;
    /** Base URL of the Web API, always with a trailing slash (Bolt's client requires it). */
    apiUrl: string;
  };
  port: number;
  /** Null means "start the embedded PostgreSQL in dataDir". */
  databaseUrl: string | null;
  /** Null means "run BullMQ on its PostgreSQL backend". */
  redisUrl: string | null;
  dataDir: string;
  embeddedPostgresPort: number;
  logLevel: LogLevelName;
  role: PraxisRole;
  /** Niceness of a PRAXIS_ROLE=worker process (0 = none … 19 = lowest priority). */
  workerNice: number;
  /** BullMQ queue name: lets several Praxis installations (or test runs) share one Redis or database. */
  queueName: string;
}

export type LogLevelName = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const LOG_LEVELS: readonly LogLevelName[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const ROLES: readonly PraxisRole[] = ['all', 'app', 'worker'];

/** Thrown when the environment is unusable; `problems` lists every variable to fix. */
export class ConfigError extends Error {
  public readonly code = 'config_invalid';
  constructor(public readonly problems: string[]) {
    super(
      `Praxis cannot start: ${problems.length} configuration problem(s).\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSet these in the environment or in .env (see .env.example).',
    );
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function parsePort(raw: string | null, name: string, fallback: number, problems: string[]): number {
  if (raw === null) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`${name} must be a port number between 0 and 65535 (got "${raw}").`);
    return fallback;
  }
  return port;
}

function parseNice(raw: string | null, problems: string[]): number {
  if (raw === null) return 0;
  const nice = /^\d{1,2}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(nice >= 0 && nice <= 19)) {
    problems.push(`PRAXIS_WORKER_NICE must be a whole number from 0 to 19 (got "${raw}").`);
    return 0;
  }
  return nice;
}

function parseUrl(raw: string | null, name: string, protocols: string[], problems: string[]): string | null {
  if (raw === null) return null;
  try {
    const url = new URL(raw);
    if (!protocols.includes(url.protocol)) {
      problems.push(`${name} must start with ${protocols.join(' or ')} (got "${url.protocol}").`);
    }
    return raw;
  } catch {
    problems.push(`${name} is not a valid URL (got "${raw}").`);
    return null;
  }
}

/**
 * Reads and validates configuration from an environment object (process.env in production, a literal in tests).
 * @throws ConfigError naming every missing or invalid variable.
 */
export function loadConfig(env: Env, scope: 'full' | 'database' = 'full'): Config {
  const problems: string[] = [];
  // `npm run migrate` needs only the database settings; asking for Slack tokens there would be a dead end.
  const needsSlack = scope === 'full';
  const role = (text(env, 'PRAXIS_ROLE') ?? 'all') as PraxisRole;
  if (!ROLES.includes(role)) problems.push(`PRAXIS_ROLE must be one of ${ROLES.join(', ')} (got "${role}").`);

  const botToken = text(env, 'SLACK_BOT_TOKEN');
  if (!botToken && needsSlack)
    problems.push('SLACK_BOT_TOKEN is missing: the bot token (xoxb-…) from "OAuth & Permissions".');
  else if (botToken && !botToken.startsWith('xoxb-'))
    problems.push('SLACK_BOT_TOKEN must be a bot token starting with "xoxb-".');

  const appToken = text(env, 'SLACK_APP_TOKEN');
  if (appToken && !appToken.startsWith('xapp-')) {
    problems.push('SLACK_APP_TOKEN must be an app-level token starting with "xapp-" (or unset it for HTTP mode).');
  }
  const signingSecret = text(env, 'SLACK_SIGNING_SECRET');
  if (!signingSecret && !appToken && role !== 'worker' && needsSlack) {
    problems.push(
      'SLACK_SIGNING_SECRET is missing: HTTP mode needs the signing secret from "Basic Information" ' +
        '(or set SLACK_APP_TOKEN to use Socket Mode).',
    );
  }

  let apiUrl = parseUrl(text(env, 'SLACK_API_URL'), 'SLACK_API_URL', ['http:', 'https:'], problems);
  apiUrl = apiUrl ?? 'https://slack.com/api/';
  if (!apiUrl.endsWith('/')) apiUrl += '/';

  const logLevel = (text(env, 'LOG_LEVEL') ?? 'info') as LogLevelName;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);

  const config: Config = {
    slack: { botToken: botToken ?? '', signingSecret, appToken, apiUrl },
    port: parsePort(text(env, 'PORT'), 'PORT', 3000, problems),
    databaseUrl: parseUrl(text(env, 'DATABASE_URL'), 'DATABASE_URL', ['postgres:', 'postgresql:'], problems),
    redisUrl: parseUrl(text(env, 'REDIS_URL'), 'REDIS_URL', ['redis:', 'rediss:'], problems),
    dataDir: text(env, 'DATA_DIR') ?? './.praxis',
    embeddedPostgresPort: parsePort(text(env, 'EMBEDDED_PG_PORT'), 'EMBEDDED_PG_PORT', 54329, problems),
    logLevel,
    role,
    workerNice: parseNice(text(env, 'PRAXIS_WORKER_NICE'), problems),
    queueName: text(env, 'PRAXIS_QUEUE_NAME') ?? 'praxis',
  };
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(config.queueName)) {
    problems.push('PRAXIS_QUEUE_NAME may only use letters, digits, "-" and "_" (at most 64).');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
