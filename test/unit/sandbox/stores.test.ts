import { describe, expect, it } from '@jest/globals';
import { Faults } from '../../../src/sandbox/faults.js';
import { IdFactory, isTs } from '../../../src/sandbox/ids.js';
import { MessageStore } from '../../../src/sandbox/messages.js';
import { ResponseUrlRegistry } from '../../../src/sandbox/response-urls.js';
import { TriggerRegistry } from '../../../src/sandbox/triggers.js';

describe('IdFactory', () => {
  it('issues unique, strictly increasing ts even when the clock stands still', () => {
    const ids = new IdFactory(() => 1_700_000_000_000);
    const tss = Array.from({ length: 5 }, () => ids.nextTs());
    expect(tss.every(isTs)).toBe(true);
    expect(tss[0]).toBe('1700000000.000000');
    expect(tss[4]).toBe('1700000000.000004');
    expect(new Set(tss).size).toBe(5);
  });

  it('prefixes ids the way Slack does', () => {
    const ids = new IdFactory(Date.now);
    expect(ids.next('U')).toMatch(/^U[A-Z0-9]{10}$/);
    expect(ids.next('C')).not.toBe(ids.next('C'));
    expect(ids.triggerId()).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
  });
});

describe('MessageStore', () => {
  const store = () => new MessageStore(new IdFactory(Date.now));

  it('keeps threads: replies point at the parent, which tracks reply ts and users', () => {
    const s = store();
    const parent = s.add({ channel: 'C1', user: 'U1', text: 'q' });
    if (!parent.ok) throw new Error('unexpected');
    const r1 = s.add({ channel: 'C1', user: 'U2', text: 'a1', threadTs: parent.value.ts });
    const r2 = s.add({ channel: 'C1', user: 'U2', text: 'a2', threadTs: parent.value.ts });
    expect(r1.ok && r2.ok).toBe(true);
    expect(parent.value.threadTs).toBe(parent.value.ts);
    expect(s.replyUsers(parent.value)).toEqual(['U2']);
    expect(s.topLevel('C1').map((m) => m.text)).toEqual(['q']);
    expect(s.thread('C1', r2.ok ? r2.value.ts : '').map((m) => m.text)).toEqual(['q', 'a1', 'a2']);
  });

  it('refuses thread_ts that is unknown, from another channel, or a reply', () => {
    const s = store();
    const parent = s.add({ channel: 'C1', user: 'U1', text: 'q' });
    if (!parent.ok) throw new Error('unexpected');
    const reply = s.add({ channel: 'C1', user: 'U1', text: 'r', threadTs: parent.value.ts });
    expect(s.add({ channel: 'C1', user: 'U1', text: 'x', threadTs: '1111111111.000000' })).toEqual({
      ok: false,
      error: 'thread_not_found',
    });
    expect(s.add({ channel: 'C2', user: 'U1', text: 'x', threadTs: parent.value.ts })).toEqual({
      ok: false,
      error: 'thread_not_found',
    });
    expect(s.add({ channel: 'C1', user: 'U1', text: 'x', threadTs: reply.ok ? reply.value.ts : '' })).toEqual({
      ok: false,
      error: 'thread_not_found',
    });
  });

  it('counts a reaction once per user and removes it cleanly', () => {
    const s = store();
    const m = s.add({ channel: 'C1', user: 'U1', text: 'q' });
    if (!m.ok) throw new Error('unexpected');
    expect(s.addReaction(m.value, 'eyes', 'U2')).toBe(true);
    expect(s.addReaction(m.value, 'eyes', 'U2')).toBe(false);
    expect(s.addReaction(m.value, 'eyes', 'U3')).toBe(true);
    expect(m.value.reactions).toEqual([{ name: 'eyes', users: ['U2', 'U3'] }]);
    expect(s.removeReaction(m.value, 'eyes', 'U2')).toBe(true);
    expect(s.removeReaction(m.value, 'eyes', 'U3')).toBe(true);
    expect(s.removeReaction(m.value, 'eyes', 'U3')).toBe(false);
    expect(m.value.reactions).toEqual([]);
  });

  it('removes a reply from its parent thread', () => {
    const s = store();
    const parent = s.add({ channel: 'C1', user: 'U1', text: 'q' });
    if (!parent.ok) throw new Error('unexpected');
    const reply = s.add({ channel: 'C1', user: 'U1', text: 'r', threadTs: parent.value.ts });
    expect(s.remove('C1', reply.ok ? reply.value.ts : '').ok).toBe(true);
    expect(parent.value.replies).toEqual([]);
    expect(s.remove('C1', 'nope')).toEqual({ ok: false, error: 'message_not_found' });
  });
});

describe('TriggerRegistry', () => {
  it('accepts a trigger once, within its lifetime', () => {
    let now = 0;
    const triggers = new TriggerRegistry(new IdFactory(() => now), () => now, 3000);
    const a = triggers.issue('U1');
    const b = triggers.issue('U1');
    expect(triggers.consume(a)).toEqual({ ok: true, user: 'U1' });
    expect(triggers.consume(a)).toEqual({ ok: false, error: 'exchanged_trigger_id' });
    now = 3001;
    expect(triggers.consume(b)).toEqual({ ok: false, error: 'expired_trigger_id' });
    expect(triggers.consume('made-up')).toEqual({ ok: false, error: 'invalid_trigger_id' });
  });
});

describe('ResponseUrlRegistry', () => {
  it('allows 5 uses within 30 minutes', () => {
    let now = 0;
    const urls = new ResponseUrlRegistry(new IdFactory(() => now), () => now);
    const path = urls.issue('T1', { origin: 'command', user: 'U1', channel: 'C1' });
    expect(path).toMatch(/^\/commands\/T1\/1\/[0-9a-f]+$/);
    for (let i = 0; i < 5; i += 1) expect(urls.use(path).ok).toBe(true);
    expect(urls.use(path)).toEqual({ ok: false, status: 404, error: 'used_url' });
    const late = urls.issue('T1', { origin: 'block_actions', user: 'U1', channel: 'C1' });
    now = 30 * 60 * 1000 + 1;
    expect(urls.use(late)).toEqual({ ok: false, status: 404, error: 'expired_url' });
  });
});

describe('Faults', () => {
  it('consumes planned rate limits and failures call by call', () => {
    const faults = new Faults();
    faults.rateLimit('chat.postMessage', { retryAfterSec: 2, times: 2 });
    faults.failNext('users.info', 'fatal_error');
    expect(faults.takeRateLimit('chat.postMessage')?.retryAfterSec).toBe(2);
    expect(faults.takeRateLimit('chat.postMessage')).toBeDefined();
    expect(faults.takeRateLimit('chat.postMessage')).toBeUndefined();
    expect(faults.takeFailure('users.info')).toBe('fatal_error');
    expect(faults.takeFailure('users.info')).toBeUndefined();
    faults.setLatency(100);
    faults.setLatency(5, 'auth.test');
    expect([faults.latencyFor('auth.test'), faults.latencyFor('chat.update')]).toEqual([5, 100]);
  });
});
