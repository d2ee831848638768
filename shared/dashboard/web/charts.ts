/// <reference lib="dom" />
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartDataset,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import { OTHER } from '../aggregate';
import type { Breakdown, Timeline } from '../model';
import { COMPLAINT_KEY, COMPLAINT_LINE, styleFor } from './styles';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

/** Charts of the page by canvas id, so a refresh replaces them instead of stacking new ones. */
const charts = new Map<string, { destroy(): void }>();

type Config = ConstructorParameters<typeof Chart>[1];

function draw(canvasId: string, label: string, config: Config): void {
  charts.get(canvasId)?.destroy();
  const canvas = document.getElementById(canvasId) as HTMLCanvasElement;
  // The canvas's words for screen readers; the tables next to it hold the figures.
  canvas.setAttribute('aria-label', label);
  charts.set(canvasId, new Chart(canvas, config));
}

const BASE = {
  animation: false,
  responsive: true,
  maintainAspectRatio: false,
  plugins: { legend: { position: 'bottom', labels: { boxWidth: 18, boxHeight: 14 } } },
} as const;

const labelOf = (bucket: Timeline['bucket'], start: string) => (bucket === 'day' ? start.slice(0, 10) : `${start.slice(5, 10)} ${start.slice(11, 13)}h`);

/** Stacked bars of bounces per reason per bucket, complaints as a line with triangle markers. */
export function drawTimeline(timeline: Timeline, summary: string): void {
  const keys = timeline.series.map((series) => series.key);
  const bars: ChartDataset<'bar'>[] = timeline.series.map((series) => {
    const style = styleFor(keys, series.key);
    return {
      type: 'bar',
      label: `${series.key} (${series.total})`,
      data: series.counts,
      backgroundColor: style.fill,
      borderColor: style.colour,
      borderWidth: 1,
      stack: 'bounces',
    };
  });
  const complaints: ChartDataset<'line'> = {
    type: 'line',
    label: `complaints (${timeline.complaintTotal})`,
    data: timeline.complaints,
    borderColor: COMPLAINT_LINE,
    backgroundColor: COMPLAINT_LINE,
    borderDash: [6, 3],
    pointStyle: 'triangle',
    pointRadius: 5,
  };
  draw('timeline-chart', summary, {
    type: 'bar',
    data: { labels: timeline.starts.map((start) => labelOf(timeline.bucket, start)), datasets: [...bars, complaints] as ChartDataset<'bar'>[] },
    options: {
      ...BASE,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}

/**
 * Horizontal bars, one per provider or domain, split by reason with the timeline's styles;
 * reasons the timeline does not stack fall under `other`.
 */
export function drawBreakdown(canvasId: string, breakdown: Breakdown, timelineKeys: readonly string[], summary: string): void {
  const stacked = timelineKeys.filter((key) => key !== OTHER);
  const seen = new Set(breakdown.groups.flatMap((group) => group.reasons.map((entry) => entry.reason)));
  const keys = [...stacked.filter((key) => seen.has(key)), ...(seen.has(COMPLAINT_KEY) ? [COMPLAINT_KEY] : [])];
  const folded = [...seen].some((reason) => !keys.includes(reason));
  const countOf = (group: Breakdown['groups'][number], key: string) =>
    key === OTHER
      ? group.reasons.filter((entry) => !keys.includes(entry.reason)).reduce((sum, entry) => sum + entry.events, 0)
      : (group.reasons.find((entry) => entry.reason === key)?.events ?? 0);
  const datasets: ChartDataset<'bar'>[] = [...keys, ...(folded ? [OTHER] : [])].map((key) => {
    const style = styleFor(timelineKeys, key);
    return {
      label: key === COMPLAINT_KEY ? 'complaints' : key,
      data: breakdown.groups.map((group) => countOf(group, key)),
      backgroundColor: style.fill,
      borderColor: style.colour,
      borderWidth: 1,
    };
  });
  const box = (document.getElementById(canvasId) as HTMLCanvasElement).parentElement;
  // Room for every bar's label, however many groups there are.
  if (box) box.style.height = `${Math.max(160, 60 + breakdown.groups.length * 26)}px`;
  draw(canvasId, summary, {
    type: 'bar',
    data: { labels: breakdown.groups.map((group) => group.key), datasets },
    options: {
      ...BASE,
      indexAxis: 'y',
      // Every bar keeps its label: the chart grows with the groups instead of skipping names.
      scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true, ticks: { autoSkip: false } } },
    },
  });
}

/** Suppressed recipients per day, as bars. */
export function drawSuppression(perDay: readonly { day: string; count: number }[], summary: string): void {
  draw('suppression-chart', summary, {
    type: 'bar',
    data: {
      labels: perDay.map((entry) => entry.day),
      datasets: [{ label: 'suppressed recipients', data: perDay.map((entry) => entry.count), backgroundColor: '#0072B2' }],
    },
    options: { ...BASE, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}
