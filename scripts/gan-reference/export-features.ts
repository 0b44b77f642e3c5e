/**
 * Writes the features (and class probabilities) the app's evaluation computes for image folders, as
 * .npy files, so the KID investigation (kid_investigation.py) works on exactly the app's numbers.
 *
 *   npx tsx scripts/gan-reference/export-features.ts OUT_DIR NAME=FOLDER... [--extractor fashion-mnist]
 *
 * For each NAME=FOLDER: OUT_DIR/NAME.features.npy (n × d float64, the folder's files in sorted
 * order, as `latent-studio eval` reads them) and OUT_DIR/NAME.probs.npy (n × classes) when the
 * extractor has a classifier head, and OUT_DIR/NAME.files.json (the file of each row, relative to FOLDER).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { extractFolder } from '../../main/engine/evaluation/folder-source';
import {
  extractorCacheDir,
  openExtractor,
} from '../../main/engine/metrics/extractors/open-extractor';
import { formatNpy } from '../../main/engine/metrics/npy';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { extractor: { type: 'string', default: 'fashion-mnist' } },
  });
  const [out, ...pairs] = positionals;
  if (!out || pairs.length === 0 || pairs.some((p) => !p.includes('=')))
    throw new Error('usage: export-features.ts OUT_DIR NAME=FOLDER... [--extractor E]');
  await mkdir(out, { recursive: true });
  const scratch = await mkdtemp(join(tmpdir(), 'export-features-'));
  const extractor = await openExtractor(values.extractor, { cacheDir: extractorCacheDir(scratch) });
  try {
    for (const pair of pairs) {
      const [name, folder] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      const side = await extractFolder(folder, extractor, { cacheDir: join(scratch, 'features') });
      const f = side.features!;
      await writeFile(join(out, `${name}.features.npy`), formatNpy([f.rows, f.dim], f.data));
      const files = side.items.map((item) => relative(folder, item.file ?? ''));
      await writeFile(join(out, `${name}.files.json`), JSON.stringify(files));
      if (side.probabilities) {
        const p = side.probabilities;
        await writeFile(join(out, `${name}.probs.npy`), formatNpy([p.rows, p.dim], p.data));
      }
      console.log(JSON.stringify({ name, folder, n: f.rows, dim: f.dim, extractor: extractor.id }));
    }
  } finally {
    await extractor.dispose();
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
