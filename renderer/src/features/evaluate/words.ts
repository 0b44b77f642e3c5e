import type { EvalMetric, EvalReport } from '../../../../main/contract/eval-schemas';

export interface MetricRow {
  metric: EvalMetric;
  name: string;
  value: string;
  detail: string;
  warning: string | null;
}

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
const ALL: readonly EvalMetric[] = ['fid', 'kid', 'pr', 'is', 'memorization'];

/** The report's numbers in its display order (`order`: KID first when the sample is small). */
export function metricRows(report: EvalReport): MetricRow[] {
  const r = report.results;
  const order = [...report.order, ...ALL.filter((m) => !report.order.includes(m))];
  const rows: MetricRow[] = [];
  for (const metric of order) {
    const row = (name: string, value: string, detail: string, warning: string | null = null) =>
      rows.push({ metric, name, value, detail, warning });
    if (metric === 'fid' && r.fid)
      row('FID', fixed(r.fid.value, 2), 'lower is better', r.fid.warning);
    if (metric === 'kid' && r.kid) {
      const reason = kidSpreadReason(report);
      row(
        'KID',
        reason ? fixed(r.kid.mean, 4) : `${fixed(r.kid.mean, 4)} ± ${fixed(r.kid.std, 4)}`,
        reason
          ? `lower is better · no spread: ${reason}`
          : `${subsetWords(r.kid)} · lower is better`,
      );
    }
    if (metric === 'pr' && r.pr)
      row(
        'Precision / recall',
        `${fixed(r.pr.precision, 3)} / ${fixed(r.pr.recall, 3)}`,
        `density ${fixed(r.pr.density, 3)} · coverage ${fixed(r.pr.coverage, 3)} · k = ${r.pr.k}`,
      );
    if (metric === 'is' && r.is)
      row(
        'Inception Score',
        `${fixed(r.is.mean, 3)} ± ${fixed(r.is.std, 3)}`,
        `${r.is.splits} splits · ${r.is.classifier}`,
      );
    if (metric === 'memorization' && r.memorization) {
      const m = r.memorization;
      row(
        'Memorisation',
        `${m.flagged} of ${m.total} flagged`,
        `closer than ${fixed(m.threshold, 4)} to a training image (${m.thresholdRule})`,
        m.warning ?? null,
      );
    }
  }
  return rows;
}

/** "Model X (500 images)"; a statistics file has no image count. */
export function sideWords(side: { label: string; n: number | null }): string {
  return `${side.label} (${side.n === null ? 'statistics file' : `${side.n.toLocaleString('en-US')} images`})`;
}

/** "21 Nov, 14:05" in the user's locale. */
export function whenWords(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** The headline number of a history entry: the first metric of its order that was measured. */
export function headline(report: EvalReport): string {
  const first = metricRows(report)[0];
  return first ? `${first.name} ${first.value}` : '—';
}

/**
 * Why KID has no spread to show, in words, or null when it has one. KID's ± is the spread over
 * random subsets; with fewer images than its subset size every subset holds every image, the
 * subsets are identical and the spread is 0 — not a measurement. The engine's own reason wins
 * when it gives one.
 */
export function kidSpreadReason(report: EvalReport): string | null {
  const kid = report.results.kid;
  if (!kid) return null;
  const note =
    (kid as { note?: unknown; reason?: unknown }).note ?? (kid as { reason?: unknown }).reason;
  if (typeof note === 'string' && note) return note;
  const sizes = [report.fake.n, report.real?.n].filter((n): n is number => typeof n === 'number');
  const fewest = sizes.length > 0 ? Math.min(...sizes) : null;
  if (fewest !== null && kid.subsetSize >= fewest)
    return `too few images for its subsets (${fewest} images, subsets of ${kid.subsetSize}: each subset is every image).`;
  return null;
}

/** How KID's subsets were drawn: the engine's words when it gives them, else the counts. */
function subsetWords(kid: NonNullable<EvalReport['results']['kid']>): string {
  const rule = (kid as { subsetRule?: unknown }).subsetRule;
  return typeof rule === 'string' && rule ? rule : `${kid.subsets} subsets of ${kid.subsetSize}`;
}
