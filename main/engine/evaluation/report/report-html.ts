import type { EvalReport, MemorizationPair } from '../../../contract/eval-schemas';
import { reportCharts } from './history-chart';
import { escapeXml as esc, metricRows, provenanceWords, sideWords } from './report-words';

/** A nearest-neighbour pair with its two pictures as data URLs (null when one could not be made). */
export interface PairPictures {
  pair: MemorizationPair;
  sample: string | null;
  train: string | null;
  /** Why a picture is missing, in words. */
  note: string | null;
}

const STYLE = `
body{margin:0;background:#0f1013;color:#e6e3dc;font:14px/1.45 'Segoe UI',system-ui,sans-serif}
main{max-width:980px;margin:0 auto;padding:28px 24px 48px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:15px;margin:28px 0 10px;color:#f0c275}
.muted{color:#8d93a0}.warn{background:#2b2112;border:1px solid #5b4319;border-radius:8px;padding:8px 12px;margin:6px 0}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:7px 10px;border-bottom:1px solid #2a2e37;vertical-align:top}
td.value{font-variant-numeric:tabular-nums;font-weight:600;white-space:nowrap}
.charts{display:flex;flex-wrap:wrap;gap:12px}
.pairs{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:10px}
.pair{background:#17191e;border:1px solid #2a2e37;border-radius:8px;padding:8px}.pair.flagged{border-color:#e5675c}
.pair img{width:88px;height:88px;object-fit:contain;image-rendering:pixelated;background:#0d0e11;border-radius:4px}
.pair .imgs{display:flex;gap:6px}.pair .cap{font-size:12px;word-break:break-all}.flag{color:#e5675c;font-weight:600}
`;

/** Largest number of pairs drawn in a report (closest first); the rest are counted. */
export const REPORT_PAIRS = 24;

function pairHtml(p: PairPictures): string {
  const img = (src: string | null, alt: string) =>
    src
      ? `<img src="${src}" alt="${esc(alt)}">`
      : `<span class="muted">(${esc(alt)} unavailable)</span>`;
  const sampleName =
    p.pair.sampleFile ?? (p.pair.seed !== null ? `seed ${p.pair.seed}` : `sample ${p.pair.sample}`);
  return `<div class="pair${p.pair.flagged ? ' flagged' : ''}">
<div class="imgs">${img(p.sample, `generated ${sampleName}`)}${img(p.train, `training ${p.pair.trainFile}`)}</div>
<div class="cap">${p.pair.flagged ? '<span class="flag">flagged · </span>' : ''}distance ${p.pair.distance.toFixed(4)}<br>
<span class="muted">${esc(sampleName)} ↔ ${esc(p.pair.trainFile)}</span>${p.note ? `<br><span class="muted">${esc(p.note)}</span>` : ''}</div></div>`;
}

/**
 * A standalone HTML page of one evaluation: no scripts, no external files (charts are inline SVG,
 * thumbnails data URLs), so it can be mailed or archived as it is.
 */
export function reportHtml(
  report: EvalReport,
  history: readonly EvalReport[],
  pairs: readonly PairPictures[],
): string {
  const rows = metricRows(report)
    .map(
      (r) =>
        `<tr data-metric="${r.metric}"><th>${esc(r.name)}</th><td class="value">${esc(r.value)}</td><td class="muted">${esc(r.detail)}</td></tr>`,
    )
    .join('\n');
  const warnings = report.warnings.map((w) => `<div class="warn">${esc(w)}</div>`).join('\n');
  const charts = reportCharts(report, history, 470);
  const mem = report.results.memorization;
  const pairsPart = mem
    ? `<h2>Nearest training images</h2>
<p class="muted">${mem.flagged} of ${mem.total} samples are closer to a training image than ${mem.threshold.toFixed(4)} (${esc(mem.thresholdRule)}). Closest first${mem.pairs.length > pairs.length ? `; ${pairs.length} of ${mem.pairs.length} pairs shown` : ''}.</p>
<div class="pairs">${pairs.map(pairHtml).join('\n')}</div>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Evaluation of ${esc(report.fake.label)} — Latent Studio</title>
<style>${STYLE}</style></head>
<body><main>
<h1>Evaluation of ${esc(report.fake.label)}</h1>
<div class="muted">${esc(report.createdAt)} · ${report.durationSec.toFixed(1)} s · id ${esc(report.id)}</div>
<h2>Numbers</h2>
<p>Generated: ${esc(sideWords(report.fake))}${report.real ? `<br>Reference: ${esc(sideWords(report.real))}` : ''}<br>
Features: ${esc(report.extractor.label)} <span class="muted">(${esc(report.extractor.id)}, ${report.extractor.dim}-d)</span></p>
<table>${rows}</table>
${warnings ? `<h2>Warnings</h2>${warnings}` : ''}
${charts.length ? `<h2>History of this model</h2><p class="muted">Evaluations with the same extractor; the larger dot is this one.</p><div class="charts">${charts.join('\n')}</div>` : ''}
${pairsPart}
<p class="muted" style="margin-top:32px">${esc(provenanceWords(report))}<br>Made by Latent Studio. Scores depend on the extractor and on the sample counts: compare only like with like.</p>
</main></body></html>
`;
}
