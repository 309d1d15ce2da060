import { describe, expect, it } from '@jest/globals';
import { runBench } from '../../../bench/run.js';
import { QUICK } from '../../../bench/sizes.js';

// Proves the benchmark harness works end to end on tiny sizes (its own database, queue and stand-in). It asserts
// only that every figure is produced and shaped as documented: timings on a shared CI machine prove nothing.
describe('npm run bench -- --quick', () => {
  it('produces every figure with a positive value in the documented JSON shape', async () => {
    process.env.BENCH_QUIET = '1';
    const report = await runBench(QUICK);
    const names = [
      'ack_p99',
      'ack_p99_c1',
      'ack_p99_c1_turns',
      'ack_p99_c1_twins',
      'ack_p99_turns',
      'ack_p99_twins',
      'ask_e2e_p95',
      'kb_search_p95',
      'digest_ms',
      'digest_sweep_ms',
      'ingest_eps',
      'route_p95',
    ];
    expect(Object.keys(report).sort()).toEqual([...names].sort());
    for (const name of names) {
      const f = report[name];
      expect(f).toBeDefined();
      expect(typeof f?.unit).toBe('string');
      expect(f?.value).toBeGreaterThan(0);
      expect(f?.baseline).toBeGreaterThan(0);
      const expected = (f?.value ?? 0) / (f?.baseline ?? 1);
      expect(Math.abs((f?.ratio ?? 0) - expected)).toBeLessThanOrEqual(0.001 * Math.max(1, expected));
    }
    for (const name of ['ask_e2e_p95', 'kb_search_p95', 'digest_ms', 'route_p95']) {
      expect((report[name]?.by_size as unknown[] | undefined)?.length ?? 0).toBeGreaterThanOrEqual(3);
    }
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  }, 180_000);
});
