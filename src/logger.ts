import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { type Logger, pino } from 'pino';
import type { LogLevelName } from './config.js';

/**
 * Paths censored in every log line. Tokens and secrets can reach a log through a config dump, an error's request
 * options (the WebClient puts the token in headers) or a Slack payload (slash commands carry a verification token).
 */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'signingSecret',
  '*.signingSecret',
  'headers.authorization',
  '*.headers.authorization',
  '*.*.headers.authorization',
  'headers["x-slack-signature"]',
  'config.headers.Authorization',
  '*.config.headers.Authorization',
  'databaseUrl',
  'redisUrl',
];

/** Creates the root logger. `destination` lets tests capture output. */
export function createLogger(level: LogLevelName, destination?: NodeJS.WritableStream): Logger {
  const options = { level, base: { service: 'praxis' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}

/** Strings that look like Slack tokens, masked in free-form log text (Bolt logs some errors as plain strings). */
const TOKEN_PATTERN = /xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+/g;

/** Masks Slack tokens inside a string. */
export function maskTokens(text: string): string {
  return text.replace(TOKEN_PATTERN, (token) => `${token.slice(0, 5)}[redacted]`);
}

function toPinoArgs(parts: unknown[]): [Record<string, unknown>, string] {
  const errors = parts.filter((p): p is Error => p instanceof Error);
  const message = parts
    .filter((p) => !(p instanceof Error))
    .map((p) => (typeof p === 'string' ? p : JSON.stringify(p)))
    .join(' ');
  return [errors.length > 0 ? { err: errors[0] } : {}, maskTokens(message)];
}

const BOLT_TO_PINO: Record<LogLevel, LogLevelName> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Adapts pino to the Logger interface Bolt and the WebClient expect, so all output goes through one redacting pipe. */
export function toBoltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ module: 'bolt' });
  // Bolt logs at debug around every ack; below the level, the message (JSON of its parts, token masking) is never built.
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      if (child.isLevelEnabled(level)) child[level](...toPinoArgs(parts));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    // Bolt calls setLevel with its own default; the operator's LOG_LEVEL wins, so only ever make Bolt quieter.
    setLevel: (level: LogLevel) => {
      const wanted = BOLT_TO_PINO[level];
      if (child.levels.values[wanted] > child.levels.values[child.level]) child.level = wanted;
    },
    getLevel: () => {
      const entry = Object.entries(BOLT_TO_PINO).find(([, name]) => name === child.level);
      return (entry?.[0] as LogLevel | undefined) ?? LogLevel.INFO;
    },
    setName: (name: string) => {
      child = logger.child({ module: name });
    },
  };
}
