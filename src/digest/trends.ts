/** Pure helpers for trends: changes, trailing means, arrows and unicode sparklines (cop-health-metrics.md §3). */

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** An 8-level unicode sparkline; nulls are drawn as a gap (space). A flat series sits on the lowest bar. */
export function sparkline(values: Array<number | null>): string {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return '';
  const min = Math.min(...present);
  const max = Math.max(...present);
  return values
    .map((v) => {
      if (v === null || !Number.isFinite(v)) return ' ';
      if (max === min) return BARS[0];
      return BARS[Math.round(((v - min) / (max - min)) * (BARS.length - 1))];
    })
    .join('');
}

/** (now − prev) ÷ prev, or null when prev is 0. */
export function pctChange(now: number, prev: number): number | null {
  return prev === 0 ? null : (now - prev) / prev;
}

/** The mean of the non-null values, or null. */
export function mean(values: Array<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
}

/** The median of the non-null values, or null. */
export function medianOf(values: Array<number | null>): number | null {
  const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (!present.length) return null;
  const mid = Math.floor(present.length / 2);
  return present.length % 2 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
}

/**
 * "▲15% 🟢" style change text. Below a base of 5 the absolute change is shown ("+2"), since percentages of tiny
 * numbers mislead. `higherIsBetter: false` flips the colour (time to first response going up is bad).
 */
export function trendText(now: number | null, prev: number | null, options: { higherIsBetter?: boolean } = {}): string {
  if (now === null || prev === null) return '';
  const diff = now - prev;
  if (diff === 0) return '→';
  const arrow = diff > 0 ? '▲' : '▼';
  const good = diff > 0 === (options.higherIsBetter ?? true);
  const dot = good ? '🟢' : '🔴';
  if (Math.abs(prev) < 5) return `${arrow}${diff > 0 ? '+' : '−'}${round1(Math.abs(diff))} ${dot}`;
  return `${arrow}${Math.round(Math.abs(diff / prev) * 100)}% ${dot}`;
}

/** 0.183 → "18%"; null → "–". */
export function pct(value: number | null): string {
  return value === null ? '–' : `${Math.round(value * 100)}%`;
}

/** Hours as "45m", "3.2h" or "1.4d"; null → "–". */
export function duration(hours: number | null): string {
  if (hours === null) return '–';
  if (hours < 1) return `${Math.round(hours * 60)}m`;
  if (hours < 48) return `${round1(hours)}h`;
  return `${round1(hours / 24)}d`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
