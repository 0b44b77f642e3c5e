import sharp from 'sharp';
import type { EvalReport } from '../../../contract/eval-schemas';
import { reportCharts } from './history-chart';
import type { PairPictures } from './report-html';
import { escapeXml as esc, metricRows, sideWords } from './report-words';

export const PNG_WIDTH = 960;
const CHART_WIDTH = 456;
const CHART_HEIGHT = 170;
const PAIRS_IN_PNG = 8;
const THUMB = 88;

/** Long lines are cut rather than wrapped: the PNG is a summary, the HTML has the full text. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The PNG summary as one SVG: the numbers with extractor and sample counts, warnings, the same
 * history charts as the HTML report and the closest pairs. Returns the SVG and its height.
 */
export function reportSummarySvg(
  report: EvalReport,
  history: readonly EvalReport[],
  pairs: readonly PairPictures[],
): { svg: string; height: number } {
  const body: string[] = [];
  let y = 40;
  const text = (x: number, size: number, fill: string, words: string, extra = '') =>
    body.push(
      `<text x="${x}" y="${y}" font-size="${size}" fill="${fill}"${extra}>${esc(words)}</text>`,
    );
  text(24, 22, '#e6e3dc', cut(`Evaluation of ${report.fake.label}`, 70));
  y += 22;
  text(
    24,
    12,
    '#8d93a0',
    `${report.createdAt} · ${report.durationSec.toFixed(1)} s · id ${report.id}`,
  );
  y += 26;
  text(24, 13, '#e6e3dc', cut(`Generated: ${sideWords(report.fake)}`, 120));
  if (report.real) {
    y += 18;
    text(24, 13, '#e6e3dc', cut(`Reference: ${sideWords(report.real)}`, 120));
  }
  y += 18;
  text(
    24,
    13,
    '#8d93a0',
    cut(
      `Features: ${report.extractor.label} (${report.extractor.id}, ${report.extractor.dim}-d)`,
      125,
    ),
  );
  y += 14;
  for (const row of metricRows(report)) {
    y += 28;
    text(24, 15, '#f0c275', row.name);
    text(230, 17, '#e6e3dc', row.value, ' font-weight="bold"');
    text(520, 12, '#8d93a0', cut(row.detail, 70));
  }
  for (const warning of report.warnings.slice(0, 4)) {
    y += 24;
    text(24, 12, '#e0a84a', cut(`⚠ ${warning}`, 140));
  }
  y += 24;
  const charts = reportCharts(report, history, CHART_WIDTH);
  charts.forEach((chart, i) => {
    const x = 24 + (i % 2) * (CHART_WIDTH + 8);
    const top = y + Math.floor(i / 2) * (CHART_HEIGHT + 12);
    body.push(chart.replace('<svg ', `<svg x="${x}" y="${top}" `));
  });
  if (charts.length > 0) y += Math.ceil(charts.length / 2) * (CHART_HEIGHT + 12) + 8;
  const shown = pairs.slice(0, PAIRS_IN_PNG);
  if (shown.length > 0) {
    y += 12;
    text(24, 14, '#f0c275', 'Nearest training images (generated | training)');
    y += 12;
    shown.forEach((p, i) => {
      const x = 24 + (i % 4) * 228;
      const top = y + Math.floor(i / 4) * (THUMB + 30);
      const frame = p.pair.flagged ? '#e5675c' : '#2a2e37';
      body.push(
        `<rect x="${x - 2}" y="${top - 2}" width="${2 * THUMB + 12}" height="${THUMB + 4}" fill="none" stroke="${frame}"/>`,
      );
      if (p.sample)
        body.push(
          `<image x="${x}" y="${top}" width="${THUMB}" height="${THUMB}" href="${p.sample}"/>`,
        );
      if (p.train)
        body.push(
          `<image x="${x + THUMB + 8}" y="${top}" width="${THUMB}" height="${THUMB}" href="${p.train}"/>`,
        );
      body.push(
        `<text x="${x}" y="${top + THUMB + 18}" font-size="11" fill="${p.pair.flagged ? '#e5675c' : '#8d93a0'}">${p.pair.flagged ? 'flagged · ' : ''}d = ${p.pair.distance.toFixed(4)}</text>`,
      );
    });
    y += Math.ceil(shown.length / 4) * (THUMB + 30);
  }
  const height = y + 24;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${PNG_WIDTH}" height="${height}" viewBox="0 0 ${PNG_WIDTH} ${height}" font-family="DejaVu Sans, Segoe UI, sans-serif"><rect width="100%" height="100%" fill="#0f1013"/>${body.join('')}</svg>`;
  return { svg, height };
}

/** Rasterises the summary SVG with sharp (librsvg): a PNG the width of PNG_WIDTH. */
export async function reportPng(
  report: EvalReport,
  history: readonly EvalReport[],
  pairs: readonly PairPictures[],
): Promise<Uint8Array> {
  const { svg } = reportSummarySvg(report, history, pairs);
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.length);
}
