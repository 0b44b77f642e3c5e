import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReport } from '../../main/contract/eval-schemas';
import { exportReport } from '../../main/engine/evaluation/report/export-report';
import { PNG_WIDTH, reportSummarySvg } from '../../main/engine/evaluation/report/report-png';
import { readThumbnail } from '../../main/engine/evaluation/report/thumbnail';
import { folderReport, writeSquarePng } from './report-fixture';

let dir: string;
let report: EvalReport;
let history: EvalReport[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'latent-report-'));
  await writeSquarePng(join(dir, 'fake', 'a.png'), 40, [200, 60, 60]);
  await writeSquarePng(join(dir, 'fake', 'b.png'), 40, [60, 200, 60]);
  for (let i = 0; i < 3; i++)
    await writeSquarePng(join(dir, 'real', `r${i}.png`), 64, [60, 60, 40 + 80 * i]);
  const at = (d: number) => `2026-11-2${d}T10:00:00.000Z`;
  history = [
    folderReport(dir, { id: 'e1', createdAt: at(1), fid: 91.5, kid: 0.081 }),
    folderReport(dir, { id: 'e2', createdAt: at(2), fid: 64.25, kid: 0.052 }),
    folderReport(dir, {
      id: 'other',
      createdAt: at(3),
      fid: 5000,
      kid: 9,
      extractorId: 'other-net',
    }),
  ];
  report = folderReport(dir, { id: 'e3', createdAt: at(4), fid: 37.75, kid: 0.0213 });
  history.push(report);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the HTML report', () => {
  it('is one standalone file with the numbers, extractor, counts, warnings, charts and pictures', async () => {
    const path = join(dir, 'report.html');
    expect(await exportReport(path, 'html', report, history, null)).toBe(path);
    const html = await readFile(path, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('37.75');
    expect(html).toContain('0.0213 ± 0.0012');
    expect(html).toContain('Tiny test extractor (64-d)');
    expect(html).toContain('tiny-extractor@test+bilinear32');
    expect(html).toContain('fake (2 images)');
    expect(html).toContain('real (3 images)');
    expect(html).toContain('Only 3 reference images');
    expect(html).toContain('FID is biased upwards');
    // KID first: the report's order says the sample is small.
    expect(html.indexOf('data-metric="kid"')).toBeLessThan(html.indexOf('data-metric="fid"'));
    // No external resources: nothing to fetch, nothing to run.
    expect(html).not.toMatch(/<script|src="http|href="http/);

    const charts = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(charts).toHaveLength(2);
    // The FID chart has this model's three evaluations with the same extractor, not the other one.
    const fidChart = charts.find((c) => c.includes('FID by evaluation'))!;
    expect(fidChart.match(/<circle/g)).toHaveLength(3);
    expect(fidChart).not.toContain('5000');

    const urls = [...html.matchAll(/src="data:image\/png;base64,([^"]+)"/g)].map((m) => m[1]!);
    expect(urls).toHaveLength(4);
    const meta = await sharp(Buffer.from(urls[1]!, 'base64')).metadata();
    expect([meta.width, meta.height]).toEqual([64, 64]);
    expect(html.match(/class="pair flagged"/g)).toHaveLength(1);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('still writes when a training image has gone, saying which one', async () => {
    const gone = folderReport(dir, { id: 'g', createdAt: report.createdAt, fid: 1, kid: 0.1 });
    gone.results.memorization!.pairs[0]!.trainFile = join(dir, 'real', 'missing.png');
    const path = join(dir, 'gone.html');
    await exportReport(path, 'html', gone, [], null);
    const html = await readFile(path, 'utf8');
    expect(html).toContain(`${join(dir, 'real', 'missing.png')} does not exist`);
    expect(html.match(/src="data:image\/png/g)).toHaveLength(3);
  });
});

describe('the PNG report', () => {
  it('decodes to the expected size, with the FID line and text drawn', async () => {
    const path = join(dir, 'report.png');
    await exportReport(path, 'png', report, history, null);
    const { height } = reportSummarySvg(report, history, []);
    const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(PNG_WIDTH);
    expect(info.height).toBeGreaterThan(height); // the pictures of the pairs add a row
    const stats = await sharp(path).stats();
    expect(stats.channels[0]!.stdev).toBeGreaterThan(5);
    // The FID line colour (#e0a84a) is present: the chart was rasterised, not dropped.
    let amber = 0;
    for (let i = 0; i < data.length; i += info.channels) {
      const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
      if (Math.abs(r - 0xe0) < 12 && Math.abs(g - 0xa8) < 12 && Math.abs(b - 0x4a) < 12) amber++;
    }
    expect(amber).toBeGreaterThan(100);
  });
});

describe('bad input', () => {
  it('names the file and the reason', async () => {
    await expect(exportReport(join(dir, 'r.txt'), 'html', report, [], null)).rejects.toThrow(
      /r\.txt must end in \.html or \.htm/,
    );
    await expect(exportReport(join(dir, 'nope', 'r.png'), 'png', report, [], null)).rejects.toThrow(
      /the folder .*nope does not exist/,
    );
    await writeFile(join(dir, 'notes.txt'), 'hello');
    await expect(readThumbnail(join(dir, 'notes.txt'), 64)).rejects.toThrow(
      /notes\.txt is not an image file/,
    );
    await writeFile(
      join(dir, 'broken.png'),
      (await readFile(join(dir, 'real', 'r0.png'))).subarray(0, 50),
    );
    await expect(readThumbnail(join(dir, 'broken.png'), 64)).rejects.toThrow(
      /broken\.png could not be decoded as an image/,
    );
    await expect(readThumbnail(join(dir, 'absent.png'), 64)).rejects.toThrow(
      /absent\.png does not exist/,
    );
  });

  it('fits thumbnails inside the size without enlarging small images', async () => {
    const big = await readThumbnail(join(dir, 'real', 'r2.png'), 16);
    expect([big.width, big.height, big.rgba.length]).toEqual([16, 16, 16 * 16 * 4]);
    const small = await readThumbnail(join(dir, 'fake', 'a.png'), 200);
    expect([small.width, small.height]).toEqual([40, 40]);
    // The square in the middle keeps its colour.
    const mid = (20 * 40 + 20) * 4;
    expect([...small.rgba.subarray(mid, mid + 4)]).toEqual([200, 60, 60, 255]);
  });
});
