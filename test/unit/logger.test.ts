import { PassThrough } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { LogLevel } from '@slack/bolt';
import { createLogger, maskTokens, toBoltLogger } from '../../src/logger.js';

function capture() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk) => lines.push(...String(chunk).trim().split('\n')));
  return { stream, lines };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('logging', () => {
  it('redacts tokens and secrets wherever they sit in a logged object', async () => {
    const { stream, lines } = capture();
    const logger = createLogger('info', stream);
    logger.info(
      {
        token: 'xoxb-1-secret',
        config: { headers: { Authorization: 'Bearer xoxb-2-secret' } },
        slack: { signingSecret: 's3cret' },
      },
      'calling slack',
    );
    await flush();
    const line = lines.join('\n');
    expect(line).not.toContain('xoxb-1-secret');
    expect(line).not.toContain('xoxb-2-secret');
    expect(line).not.toContain('s3cret');
    expect(line).toContain('[redacted]');
  });

  it("masks tokens in Bolt's free-text log lines and keeps errors under `err`", async () => {
    const { stream, lines } = capture();
    const bolt = toBoltLogger(createLogger('debug', stream));
    bolt.error('auth failed for xoxb-123-456-abc', new Error('boom'));
    await flush();
    const entry = JSON.parse(lines[0] ?? '{}') as { msg: string; err: { message: string }; module: string };
    expect(entry.msg).toBe('auth failed for xoxb-[redacted]');
    expect(entry.err.message).toBe('boom');
    expect(entry.module).toBe('bolt');
  });

  it('never lets Bolt make the logger chattier than LOG_LEVEL', () => {
    const bolt = toBoltLogger(createLogger('warn'));
    bolt.setLevel(LogLevel.DEBUG);
    expect(bolt.getLevel()).toBe(LogLevel.WARN);
    bolt.setLevel(LogLevel.ERROR);
    expect(bolt.getLevel()).toBe(LogLevel.ERROR);
  });

  it("builds no message for Bolt's log calls below the level", async () => {
    const { stream, lines } = capture();
    let serialized = 0;
    const part = { toJSON: () => ++serialized };
    const bolt = toBoltLogger(createLogger('warn', stream));
    bolt.debug('ack() begin', part);
    bolt.info('listener ran', part);
    expect(serialized).toBe(0);
    bolt.warn('slow ack', part);
    await flush();
    expect(serialized).toBe(1);
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['slow ack 1']);
  });

  it('masks app-level tokens too', () => {
    expect(maskTokens('xapp-1-A0-123-abc and xoxp-9')).toBe('xapp-[redacted] and xoxp-[redacted]');
  });
});
