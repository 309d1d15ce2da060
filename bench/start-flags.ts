import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './processes.js';

/**
 * The Node flags in package.json's `start` script (`tsx FLAGS src/main.ts`), the way Praxis is deployed (README,
 * Dockerfile). The benchmark starts its Praxis children with them, so they run with the V8 settings production has;
 * a start script of another shape fails the run rather than silently measuring Praxis without them.
 */
export function startScriptNodeFlags(startScript: string): string[] {
  const [runner, ...words] = startScript.trim().split(/\s+/);
  const flags = words.slice(0, -1);
  if (runner !== 'tsx' || words.at(-1) !== 'src/main.ts' || !flags.every((word) => word.startsWith('--'))) {
    throw new Error(
      `the benchmark expects package.json's start script as "tsx [--flags] src/main.ts", not "${startScript}"`,
    );
  }
  return flags;
}

/** `startScriptNodeFlags` of this checkout's package.json. */
export function praxisNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  return startScriptNodeFlags(pkg.scripts?.start ?? '');
}
