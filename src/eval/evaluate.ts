import type { RoutingParams } from '../routing/params.js';
import { type BootstrapInterval, pairedBootstrap } from './bootstrap.js';
import { averageMetrics, type QuestionMetrics } from './metrics.js';
import { type QuestionResult, replaySite, type SiteRun } from './replay.js';
import { loadSite } from './site.js';

/** Gold definitions: everyone who answered, or the accepted answer's author. */
export type GoldKind = 'any' | 'accepted';
const GOLD_KINDS: readonly GoldKind[] = ['any', 'accepted'];

/** Methods whose gain is measured against the best baseline. */
export const ROUTER_METHODS = ['router', 'router_balanced'] as const;

/** Per-method averages for one gold definition. */
export type MethodTable = Record<string, QuestionMetrics>;

/** The gain of a router method over the best baseline on one metric. */
export interface GainReport extends BootstrapInterval {
  method: string;
  metric: 'mrr' | 'r5';
  gold: GoldKind;
  baseline: string;
}

/** The `--out` JSON. */
export interface EvalReport {
  sites: Record<
    string,
    { coverage: number; testQuestions: number; coverageAccepted: number } & Record<GoldKind, MethodTable>
  >;
  micro: Record<GoldKind, MethodTable>;
  /** Covered test questions over all sites, per gold, and the share covered for gold = any. */
  microCounts: { coverage: number; questions: Record<GoldKind, number> };
  bootstrap: GainReport[];
}

function tableOf(results: readonly QuestionResult[], gold: GoldKind): MethodTable {
  const covered = results.flatMap((result) => (result[gold] === null ? [] : [result[gold]!]));
  if (covered.length === 0) return {};
  const table: MethodTable = {};
  for (const method of Object.keys(covered[0]!)) table[method] = averageMetrics(covered.map((row) => row[method]!));
  return table;
}

function coverageOf(results: readonly QuestionResult[], gold: GoldKind, total: number): number {
  return results.filter((result) => result[gold] !== null).length / Math.max(1, total);
}

/** Bootstrap CIs of each router method's MRR and R@5 gain over the best baseline (by the micro value of that metric). */
function gainsOverBestBaseline(results: readonly QuestionResult[], micro: Record<GoldKind, MethodTable>): GainReport[] {
  const gains: GainReport[] = [];
  for (const gold of GOLD_KINDS) {
    const covered = results.flatMap((result) => (result[gold] === null ? [] : [result[gold]!]));
    for (const metric of ['mrr', 'r5'] as const) {
      const baselines = Object.keys(micro[gold]).filter(
        (method) => !(ROUTER_METHODS as readonly string[]).includes(method),
      );
      const baseline = baselines.reduce((best, method) =>
        micro[gold][method]![metric] > micro[gold][best]![metric] ? method : best,
      );
      for (const method of ROUTER_METHODS) {
        const interval = pairedBootstrap(
          covered.map((row) => row[method]![metric]),
          covered.map((row) => row[baseline]![metric]),
        );
        gains.push({ method, metric, gold, baseline, ...interval });
      }
    }
  }
  return gains;
}

/** Aggregates site replays into the report: per site, micro-averaged over all covered test questions, and the CIs. */
export function buildReport(runs: readonly SiteRun[]): EvalReport {
  const sites: EvalReport['sites'] = {};
  for (const run of runs) {
    sites[run.name] = {
      coverage: coverageOf(run.results, 'any', run.testQuestions),
      coverageAccepted: coverageOf(run.results, 'accepted', run.testQuestions),
      testQuestions: run.testQuestions,
      any: tableOf(run.results, 'any'),
      accepted: tableOf(run.results, 'accepted'),
    };
  }
  const all = runs.flatMap((run) => run.results);
  const total = runs.reduce((sum, run) => sum + run.testQuestions, 0);
  const tables = { any: tableOf(all, 'any'), accepted: tableOf(all, 'accepted') };
  const questions = {
    any: all.filter((result) => result.any !== null).length,
    accepted: all.filter((result) => result.accepted !== null).length,
  };
  return {
    sites,
    micro: tables,
    microCounts: { coverage: coverageOf(all, 'any', total), questions },
    bootstrap: questions.any > 0 ? gainsOverBestBaseline(all, tables) : [],
  };
}

/** Options of a full evaluation. */
export interface EvaluateOptions {
  params?: RoutingParams;
  maxTestQuestions?: number;
}

/** Loads and replays each site folder, then builds the report. */
export async function evaluateSites(
  directories: readonly string[],
  options: EvaluateOptions = {},
): Promise<EvalReport> {
  const runs: SiteRun[] = [];
  for (const directory of directories) runs.push(replaySite(await loadSite(directory), options));
  return buildReport(runs);
}
