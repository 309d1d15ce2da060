import { createCanvas } from '@napi-rs/canvas';
import { Chart, type ChartConfiguration, registerables } from 'chart.js';

// Chart.js keeps its controllers in a registry; registering everything is idempotent and has no I/O.
Chart.register(...registerables);

/** One series of the trend chart. */
export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  color: string;
  /** Which y axis (counts of people read badly next to energy points). Default left. */
  axis?: 'left' | 'right';
}

export interface TrendChartInput {
  title: string;
  /** One label per week, oldest first (e.g. "6 Jan"). */
  labels: string[];
  series: ChartSeries[];
}

/**
 * Renders the 8-week trend chart to PNG with Chart.js on @napi-rs/canvas (no browser, no system libraries;
 * ~65 ms here). Animation and responsiveness are off: there is no DOM and the first frame must be the final one.
 */
export async function renderTrendChart(input: TrendChartInput, size = { width: 800, height: 400 }): Promise<Buffer> {
  const canvas = createCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  // A white background: Slack's dark mode would otherwise show black lines on a near-black canvas.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, size.width, size.height);
  const config: ChartConfiguration<'line', Array<number | null>, string> = {
    type: 'line',
    data: {
      labels: input.labels,
      datasets: input.series.map((s) => ({
        label: s.label,
        data: s.values,
        borderColor: s.color,
        backgroundColor: s.color,
        tension: 0.3,
        spanGaps: true,
        yAxisID: s.axis === 'right' ? 'y1' : 'y',
      })),
    },
    options: {
      animation: false,
      responsive: false,
      plugins: { title: { display: true, text: input.title }, legend: { position: 'bottom' } },
      scales: {
        y: { beginAtZero: true, position: 'left' },
        y1: {
          beginAtZero: true,
          position: 'right',
          display: input.series.some((s) => s.axis === 'right'),
          grid: { drawOnChartArea: false },
        },
      },
    },
  };
  // Chart.js types its item as a DOM canvas; @napi-rs/canvas implements the 2D context it draws with.
  const chart = new Chart(ctx as unknown as ConstructorParameters<typeof Chart>[0], config);
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}

/** The alt text for the chart: the numbers themselves, so a screen reader gets what the picture shows. */
export function trendChartAltText(input: TrendChartInput): string {
  const parts = input.series.map(
    (s) => `${s.label}: ${s.values.map((v) => (v === null ? 'n/a' : String(Math.round(v)))).join(', ')}`,
  );
  return `${input.title}, weeks ${input.labels[0] ?? ''} to ${input.labels.at(-1) ?? ''}. ${parts.join('; ')}`.slice(
    0,
    1900,
  );
}
