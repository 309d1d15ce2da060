import type { EvalReport, GoldKind, MethodTable } from './evaluate.js';
import { METRIC_KEYS } from './metrics.js';

/** The method rows in print order: the baselines of routing-eval.md, then the router. */
export const METHOD_ORDER = [
  'random',
  'activity',
  'recent-activity',
  'declared-top5',
  'tag-count',
  'tag-recency',
  'BM25',
  'tagrec+recent',
  'router',
  'router_balanced',
];

const HEADERS: Record<string, string> = { r1: 'R@1', r3: 'R@3', r5: 'R@5', mrr: 'MRR', ndcg10: 'nDCG@10' };

function formatTable(title: string, table: MethodTable): string[] {
  const lines = [title, `  ${'method'.padEnd(16)}${METRIC_KEYS.map((key) => HEADERS[key]!.padStart(9)).join('')}`];
  for (const method of METHOD_ORDER) {
    const row = table[method];
    if (row === undefined) continue;
    lines.push(`  ${method.padEnd(16)}${METRIC_KEYS.map((key) => row[key].toFixed(3).padStart(9)).join('')}`);
  }
  return lines;
}

function goldTitle(gold: GoldKind): string {
  return gold === 'any' ? 'gold = any answerer' : 'gold = accepted answerer';
}

/** The human-readable report: per site, micro-averaged, then the bootstrap intervals. */
export function formatReport(report: EvalReport): string {
  const lines: string[] = [];
  for (const [name, site] of Object.entries(report.sites)) {
    const covered = Math.round(site.coverage * site.testQuestions);
    lines.push(`== ${name}: coverage ${covered}/${site.testQuestions} (${(site.coverage * 100).toFixed(1)}%)`);
    for (const gold of ['any', 'accepted'] as const) lines.push(...formatTable(`-- ${goldTitle(gold)}`, site[gold]));
    lines.push('');
  }
  const counts = report.microCounts;
  lines.push(`== micro: ${counts.questions.any} covered questions (coverage ${(counts.coverage * 100).toFixed(1)}%)`);
  lines.push(...formatTable(`-- ${goldTitle('any')}`, report.micro.any));
  lines.push(...formatTable(`-- ${goldTitle('accepted')} (n=${counts.questions.accepted})`, report.micro.accepted));
  lines.push('', '== paired bootstrap 95% CI of the gain over the best baseline (micro, 1,000 resamples, seeded)');
  for (const gain of report.bootstrap) {
    const interval = `[${gain.low.toFixed(3)}, ${gain.high.toFixed(3)}]`;
    lines.push(
      `  ${gain.method.padEnd(16)} ${gain.gold.padEnd(9)} ${gain.metric.padEnd(4)} vs ${gain.baseline.padEnd(16)}` +
        ` gain ${gain.gain >= 0 ? '+' : ''}${gain.gain.toFixed(3)}  95% CI ${interval}`,
    );
  }
  return lines.join('\n');
}
