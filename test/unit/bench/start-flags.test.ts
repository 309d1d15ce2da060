import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { praxisNodeFlags, startScriptNodeFlags } from '../../../bench/start-flags.js';

describe("the benchmark starts Praxis with the Node flags of package.json's start script", () => {
  it('reads the flags between tsx and the entry point', () => {
    expect(startScriptNodeFlags('tsx --no-memory-reducer src/main.ts')).toEqual(['--no-memory-reducer']);
    expect(startScriptNodeFlags('tsx  --a --b=2  src/main.ts ')).toEqual(['--a', '--b=2']);
    expect(startScriptNodeFlags('tsx src/main.ts')).toEqual([]);
  });

  it('refuses a start script of another shape instead of dropping its flags', () => {
    for (const script of ['node dist/src/main.js', 'tsx src/main.ts --port 3000', 'tsx --a src/other.ts', '']) {
      expect(() => startScriptNodeFlags(script)).toThrow(/start script/);
    }
  });

  it('gives `npm start` and `npm run start:dist` the same flags, without the memory reducer', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    const flags = praxisNodeFlags();
    expect(flags).toContain('--no-memory-reducer');
    expect(scripts['start:dist']).toBe(`node ${flags.join(' ')} dist/src/main.js`);
  });
});
