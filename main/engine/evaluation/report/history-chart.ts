import type { EvalReport } from '../../../contract/eval-schemas';
import { escapeXml, historyValue } from './report-words';

export interface ChartOptions {
  width: number;
  height: number;
  title: string;
  color: string;
  /** How tick and point values read. */
  format: (v: number) => string;
}

export interface HistoryPoint {
  /** Evaluation id, so the current one can be highlighted. */
  id: string;
  createdAt: string;
  value: number;
}

const PAD = { top: 26, right: 14, bottom: 22, left: 56 };

/**
 * The points of one metric over a model's evaluations, oldest first. Only evaluations with the
 * same extractor as `current` are comparable (FID under another network is another number), so
 * the others are left out.
 */
export function historyPoints(
  history: readonly EvalReport[],
  current: EvalReport,
  metric: 'fid' | 'kid',
): HistoryPoint[] {
  const same = history.filter((r) => r.extractor.id === current.extractor.id);
  if (!same.some((r) => r.id === current.id)) same.push(current);
  return same
    .map((r) => ({ id: r.id, createdAt: r.createdAt, value: historyValue(r, metric) }))
    .filter((p): p is HistoryPoint => p.value !== null && Number.isFinite(p.value))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * A standalone SVG line chart (dark, like the app) of one metric by evaluation. Pure string
 * building, so the same SVG goes inline into the HTML report and through sharp into the PNG.
 */
export function historyChartSvg(
  points: readonly HistoryPoint[],
  currentId: string,
  o: ChartOptions,
): string {
  const left = PAD.left;
  const right = o.width - PAD.right;
  const top = PAD.top;
  const bottom = o.height - PAD.bottom;
  const values = points.map((p) => p.value);
  let lo = Math.min(...values, Infinity);
  let hi = Math.max(...values, -Infinity);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  if (hi - lo < 1e-12) [lo, hi] = [lo - Math.abs(lo || 1) * 0.1, hi + Math.abs(hi || 1) * 0.1];
  const sx = (i: number) =>
    points.length <= 1 ? (left + right) / 2 : left + (i / (points.length - 1)) * (right - left);
  const sy = (v: number) => bottom - ((v - lo) / (hi - lo)) * (bottom - top);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}" font-family="DejaVu Sans, Segoe UI, sans-serif">`,
    `<rect width="${o.width}" height="${o.height}" rx="8" fill="#17191e"/>`,
    `<text x="${left}" y="17" font-size="13" fill="#e6e3dc">${escapeXml(o.title)}</text>`,
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="#0d0e11" stroke="#2a2e37"/>`,
  ];
  for (const v of [lo, (lo + hi) / 2, hi]) {
    const y = sy(v).toFixed(1);
    parts.push(
      `<line x1="${left}" x2="${right}" y1="${y}" y2="${y}" stroke="#2a2e37" stroke-dasharray="3 3"/>`,
      `<text x="${left - 6}" y="${y}" dy="4" font-size="10" text-anchor="end" fill="#8d93a0">${escapeXml(o.format(v))}</text>`,
    );
  }
  if (points.length === 0) {
    parts.push(
      `<text x="${(left + right) / 2}" y="${(top + bottom) / 2}" font-size="12" text-anchor="middle" fill="#8d93a0">No evaluations yet</text>`,
    );
  } else {
    const path = points.map((p, i) => `${sx(i).toFixed(1)},${sy(p.value).toFixed(1)}`).join(' ');
    parts.push(
      `<polyline points="${path}" fill="none" stroke="${o.color}" stroke-width="2" stroke-linejoin="round"/>`,
    );
    points.forEach((p, i) => {
      const here = p.id === currentId;
      parts.push(
        `<circle cx="${sx(i).toFixed(1)}" cy="${sy(p.value).toFixed(1)}" r="${here ? 5 : 3}" fill="${here ? '#f0c275' : o.color}"><title>${escapeXml(`${p.createdAt}: ${o.format(p.value)}`)}</title></circle>`,
      );
    });
    parts.push(
      `<text x="${left}" y="${o.height - 6}" font-size="10" fill="#8d93a0">${escapeXml(points[0]!.createdAt.slice(0, 10))}</text>`,
      `<text x="${right}" y="${o.height - 6}" font-size="10" text-anchor="end" fill="#8d93a0">${points.length} evaluation${points.length === 1 ? '' : 's'}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The charts a report carries: FID and KID over this model's evaluations, when measured. */
export function reportCharts(
  report: EvalReport,
  history: readonly EvalReport[],
  width: number,
): string[] {
  const charts: string[] = [];
  const specs = [
    { metric: 'kid' as const, title: 'KID by evaluation', color: '#6cc58f', digits: 4 },
    { metric: 'fid' as const, title: 'FID by evaluation', color: '#e0a84a', digits: 1 },
  ];
  // Display order follows the report: KID first when the sample is small.
  if (
    report.order.indexOf('fid') !== -1 &&
    report.order.indexOf('fid') < report.order.indexOf('kid')
  )
    specs.reverse();
  for (const s of specs) {
    if (historyValue(report, s.metric) === null) continue;
    const points = historyPoints(history, report, s.metric);
    charts.push(
      historyChartSvg(points, report.id, {
        width,
        height: 170,
        title: s.title,
        color: s.color,
        format: (v) => v.toFixed(s.digits),
      }),
    );
  }
  return charts;
}
