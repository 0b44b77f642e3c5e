import { stat } from 'node:fs/promises';
import { basename, dirname, extname } from 'node:path';
import { StudioError } from '../../../contract/channels';
import type { EvalReport } from '../../../contract/eval-schemas';
import type { RgbaImage } from '../../image/png';
import { writeBesideFile } from '../../io/write-target';
import { REPORT_PAIRS, reportHtml, type PairPictures } from './report-html';
import { reportPng } from './report-png';
import { pngDataUrl, readThumbnail } from './thumbnail';

export type ReportFormat = 'html' | 'png';

/** Re-renders generated samples by seed (model sources); null when the fake side is a folder. */
export type SampleRenderer = (seeds: number[]) => Promise<RgbaImage[]>;

const THUMB_SIZE = 96;
const EXTENSIONS: Record<ReportFormat, readonly string[]> = {
  html: ['.html', '.htm'],
  png: ['.png'],
};

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The pictures of the closest pairs: training images and folder samples as thumbnails of their
 * files, model samples re-rendered by seed. A missing picture leaves a note, not a failed report.
 */
export async function pairPictures(
  report: EvalReport,
  renderSamples: SampleRenderer | null,
  limit = REPORT_PAIRS,
): Promise<PairPictures[]> {
  const pairs = report.results.memorization?.pairs.slice(0, limit) ?? [];
  const seeds = pairs.map((p) => p.seed).filter((s): s is number => s !== null);
  let rendered = new Map<number, RgbaImage>();
  let renderNote: string | null = null;
  if (renderSamples && seeds.length > 0) {
    try {
      const images = await renderSamples(seeds);
      rendered = new Map(seeds.map((s, i) => [s, images[i]!]));
    } catch (err) {
      renderNote = `samples could not be re-rendered: ${reason(err)}`;
    }
  }
  const out: PairPictures[] = [];
  for (const pair of pairs) {
    const notes: string[] = [];
    const thumb = async (file: string) => {
      try {
        return pngDataUrl(await readThumbnail(file, THUMB_SIZE));
      } catch (err) {
        notes.push(reason(err));
        return null;
      }
    };
    let sample: string | null = null;
    if (pair.sampleFile) sample = await thumb(pair.sampleFile);
    else if (pair.seed !== null && rendered.has(pair.seed))
      sample = pngDataUrl(rendered.get(pair.seed)!);
    else if (renderNote) notes.push(renderNote);
    const train = await thumb(pair.trainFile);
    out.push({ pair, sample, train, note: notes.length > 0 ? notes.join('; ') : null });
  }
  return out;
}

/** Checks the target before any work: right extension for the format, an existing folder. */
export async function checkReportPath(path: string, format: ReportFormat): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (!EXTENSIONS[format].includes(ext)) {
    throw new StudioError(
      'BAD_REQUEST',
      `${path} must end in ${EXTENSIONS[format].join(' or ')} for a ${format.toUpperCase()} report`,
    );
  }
  const dir = dirname(path);
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) {
    throw new StudioError('NOT_FOUND', `Cannot write ${path}: the folder ${dir} does not exist`);
  }
}

/** Writes one evaluation as a standalone HTML page or a PNG summary, atomically. */
export async function exportReport(
  path: string,
  format: ReportFormat,
  report: EvalReport,
  history: readonly EvalReport[],
  renderSamples: SampleRenderer | null,
): Promise<string> {
  await checkReportPath(path, format);
  const pairs = await pairPictures(report, renderSamples);
  const data =
    format === 'html'
      ? reportHtml(report, history, pairs)
      : await reportPng(report, history, pairs);
  // The page names the file after the report; exporting it again keeps both (…-2.html).
  return writeBesideFile(dirname(path), basename(path), data);
}
