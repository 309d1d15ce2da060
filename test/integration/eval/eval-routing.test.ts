import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { evaluateSites } from '../../../src/eval/evaluate.js';
import { METRIC_KEYS } from '../../../src/eval/metrics.js';

// Data from quantumcomputing Stack Exchange, Stack Exchange, Inc., CC BY-SA (see the dataset's SOURCES.md).
const SITE = join(
  import.meta.dirname,
  '../../../../shared/datasets/stackexchange-small-sites/quantumcomputing-2018-09',
);

describe('eval:routing on a slice (quantumcomputing, first 120 test questions)', () => {
  it('ranks with the production router better than the naive tag bot and recent activity, in the documented shape', async () => {
    const report = await evaluateSites([SITE], { maxTestQuestions: 120 });

    const site = report.sites['quantumcomputing-2018-09']!;
    expect(site.coverage).toBeGreaterThan(0.5);
    for (const table of [site.any, site.accepted, report.micro.any, report.micro.accepted]) {
      for (const method of [
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
      ]) {
        for (const key of METRIC_KEYS) {
          expect(table[method]![key]).toBeGreaterThanOrEqual(0);
          expect(table[method]![key]).toBeLessThanOrEqual(1);
        }
      }
    }
    const json = JSON.parse(JSON.stringify(report)) as typeof report;
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['sites', 'micro']));
    expect(Object.keys(json.micro).sort()).toEqual(['accepted', 'any']);

    const any = report.micro.any;
    expect(any.router!.mrr).toBeGreaterThan(any['declared-top5']!.mrr);
    expect(any.router!.mrr).toBeGreaterThan(any['recent-activity']!.mrr);
    expect(report.bootstrap.length).toBeGreaterThan(0);
  });
});
