import type { EvalMetric, EvalReport } from '../../../contract/eval-schemas';

/** One line of the numbers table: what was measured, its value, and how to read it. */
export interface MetricRow {
  metric: EvalMetric;
  name: string;
  value: string;
  detail: string;
}

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

/** The report's metrics in its display order (KID first when the sample is small). */
export function metricRows(report: EvalReport): MetricRow[] {
  const r = report.results;
  const rows: MetricRow[] = [];
  const order = [...report.order];
  for (const m of ['fid', 'kid', 'pr', 'is', 'memorization'] as const)
    if (!order.includes(m)) order.push(m);
  for (const metric of order) {
    if (metric === 'fid' && r.fid) {
      rows.push({ metric, name: 'FID', value: fixed(r.fid.value, 2), detail: r.fid.warning ?? '' });
    } else if (metric === 'kid' && r.kid) {
      rows.push({
        metric,
        name: 'KID',
        value: `${fixed(r.kid.mean, 4)} ± ${fixed(r.kid.std, 4)}`,
        detail: `${r.kid.subsets} subsets of ${r.kid.subsetSize}${r.kid.subsetRule ? ` (${r.kid.subsetRule})` : ''}`,
      });
    } else if (metric === 'pr' && r.pr) {
      rows.push({
        metric,
        name: 'Precision / recall',
        value: `${fixed(r.pr.precision, 3)} / ${fixed(r.pr.recall, 3)}`,
        detail: `density ${fixed(r.pr.density, 3)}, coverage ${fixed(r.pr.coverage, 3)}, k = ${r.pr.k}`,
      });
    } else if (metric === 'is' && r.is) {
      rows.push({
        metric,
        name: 'Inception Score',
        value: `${fixed(r.is.mean, 3)} ± ${fixed(r.is.std, 3)}`,
        detail: `${r.is.splits} splits, ${r.is.classifier}`,
      });
    } else if (metric === 'memorization' && r.memorization) {
      const m = r.memorization;
      rows.push({
        metric,
        name: 'Memorisation',
        value: `${m.flagged} of ${m.total} flagged`,
        detail: `threshold ${fixed(m.threshold, 4)} (${m.thresholdRule})${m.warning ? `. ${m.warning}` : ''}`,
      });
    }
  }
  return rows;
}

/** "model name (500 samples)" – the sample count is part of every score. */
export function sideWords(side: { label: string; n: number | null }): string {
  return `${side.label} (${side.n === null ? 'statistics file' : `${side.n} images`})`;
}

/** One line naming the extractor, its identity and both sample counts. */
export function provenanceWords(report: EvalReport): string {
  const real = report.real ? ` vs ${sideWords(report.real)}` : '';
  return `${sideWords(report.fake)}${real} · features: ${report.extractor.label} [${report.extractor.id}, ${report.extractor.dim}-d]`;
}

/** A history point's value for the charts: FID, or KID mean; null when it was not measured. */
export function historyValue(report: EvalReport, metric: 'fid' | 'kid'): number | null {
  if (metric === 'fid') return report.results.fid?.value ?? null;
  return report.results.kid?.mean ?? null;
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
