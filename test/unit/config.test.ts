import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../../src/config.js';

const minimal = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'secret' };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(minimal);
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeNull();
    expect(config.redisUrl).toBeNull();
    expect(config.dataDir).toBe('./.praxis');
    expect(config.role).toBe('all');
    expect(config.logLevel).toBe('info');
  });

  it('adds the trailing slash Bolt needs to SLACK_API_URL', () => {
    expect(loadConfig({ ...minimal, SLACK_API_URL: 'http://127.0.0.1:3999/api' }).slack.apiUrl).toBe(
      'http://127.0.0.1:3999/api/',
    );
  });

  it('names every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'http://nope', PRAXIS_ROLE: 'boss', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'PORT', 'REDIS_URL', 'PRAXIS_ROLE', 'LOG_LEVEL']) {
      expect(message).toContain(name);
    }
    expect((error as ConfigError).problems).toHaveLength(6);
  });

  it('does not need a signing secret in Socket Mode or for a worker', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.appToken).toBe('xapp-1');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', PRAXIS_ROLE: 'worker' }).role).toBe('worker');
  });

  it('leaves the worker at normal priority unless told otherwise, and refuses a niceness outside 0–19', () => {
    expect(loadConfig(minimal).workerNice).toBe(0);
    expect(loadConfig({ ...minimal, PRAXIS_WORKER_NICE: '10' }).workerNice).toBe(10);
    expect(() => loadConfig({ ...minimal, PRAXIS_WORKER_NICE: '-5' })).toThrow(
      /PRAXIS_WORKER_NICE must be a whole number from 0 to 19/,
    );
    expect(() => loadConfig({ ...minimal, PRAXIS_WORKER_NICE: 'low' })).toThrow(/got "low"/);
    expect(() => loadConfig({ ...minimal, PRAXIS_WORKER_NICE: '1e1' })).toThrow(/got "1e1"/);
  });

  it('rejects a user token where a bot token belongs', () => {
    expect(() => loadConfig({ ...minimal, SLACK_BOT_TOKEN: 'xoxp-123' })).toThrow(/xoxb-/);
  });
});
