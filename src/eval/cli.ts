import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { evaluateSites } from './evaluate.js';
import { formatReport } from './report.js';

/** Parsed command-line arguments of `npm run eval:routing`. */
export interface CliArguments {
  data: string;
  out: string | null;
  maxTestQuestions: number | undefined;
}

/** `--data DIR` (default ../shared/datasets/stackexchange-small-sites), `--out FILE.json`, `--max-questions N`. */
export function parseArguments(argv: readonly string[], cwd: string): CliArguments {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const max = value('--max-questions');
  return {
    data: resolve(cwd, value('--data') ?? '../shared/datasets/stackexchange-small-sites'),
    out: value('--out') === undefined ? null : resolve(cwd, value('--out')!),
    maxTestQuestions: max === undefined ? undefined : Number.parseInt(max, 10),
  };
}

/** Every sub-folder of `data` holding a Posts.xml, sorted by name. */
export function siteDirectories(data: string): string[] {
  return readdirSync(data)
    .sort()
    .map((name) => join(data, name))
    .filter((path) => statSync(path).isDirectory() && readdirSync(path).includes('Posts.xml'));
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2), process.cwd());
  const directories = siteDirectories(args.data);
  if (directories.length === 0) throw new Error(`No site folder with a Posts.xml under ${args.data}`);
  const started = Date.now();
  const report = await evaluateSites(directories, { maxTestQuestions: args.maxTestQuestions });
  console.log(formatReport(report));
  console.log(`\n(${directories.length} sites in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (args.out !== null) {
    writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${args.out}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
