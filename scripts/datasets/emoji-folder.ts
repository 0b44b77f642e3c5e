/**
 * Writes a 64 px colour emoji folder for GAN training from the npm package emoji-datasource-google
 * (a devDependency: nothing is installed or fetched at run time).
 *
 *   npx tsx scripts/datasets/emoji-folder.ts OUT_DIR [--subset faces|broad] [--background RRGGBB]
 *       [--contact-sheet FILE.png]
 *
 * Licence (checked in the installed package, recorded in scripts/datasets/README.md): the package's
 * LICENSE file is MIT (Cal Henderson, the emoji data and tooling); its README states that the
 * Google images are Noto Emoji (github.com/googlefonts/noto-emoji v2.048), available under the
 * Apache License 2.0. Redistributing the images or a model trained on them: keep the Apache-2.0
 * notice and say they are Noto Emoji (Google).
 *
 * Each chosen emoji's 64×64 RGBA image is composited onto a plain opaque background (white by
 * default, what the app's training does with transparency) and written as an 8-bit RGBA PNG with
 * alpha 255, named `<subcategory>-<codepoints>.png`. Which emoji and why: emoji-selection.ts.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { encodePng } from '../../main/engine/image/png';
import {
  compositeOnto,
  EMOJI_SUBSETS,
  emojiFileName,
  selectEmoji,
  type EmojiEntry,
  type EmojiSubset,
} from './emoji-selection';

const PACKAGE = 'emoji-datasource-google';
const SIZE = 64;

function packageDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`${PACKAGE}/package.json`));
  } catch {
    throw new Error(
      `${PACKAGE} is not installed: it is a devDependency of this project (npm ci installs it).`,
    );
  }
}

function parseColour(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`--background must be a colour as RRGGBB, not "${hex}"`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

async function readEmoji(file: string, background: [number, number, number]): Promise<Uint8Array> {
  const { data, info } = await sharp(file, { failOn: 'error' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== SIZE || info.height !== SIZE || info.channels !== 4)
    throw new Error(`${file} is ${info.width}×${info.height}×${info.channels}, not 64×64 RGBA`);
  return compositeOnto(new Uint8Array(data.buffer, data.byteOffset, data.length), background);
}

/** The chosen images side by side, 24 to a row with a 2 px gutter, for a person to look at. */
function contactSheet(images: Uint8Array[]): { width: number; height: number; rgba: Uint8Array } {
  const cols = 24;
  const cell = SIZE + 2;
  const width = cols * cell;
  const height = Math.ceil(images.length / cols) * cell;
  const rgba = new Uint8Array(width * height * 4).fill(255);
  images.forEach((img, i) => {
    const x0 = (i % cols) * cell;
    const y0 = Math.floor(i / cols) * cell;
    for (let y = 0; y < SIZE; y++)
      rgba.set(img.subarray(y * SIZE * 4, (y + 1) * SIZE * 4), ((y0 + y) * width + x0) * 4);
  });
  return { width, height, rgba };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      subset: { type: 'string', default: 'faces' },
      background: { type: 'string', default: 'ffffff' },
      'contact-sheet': { type: 'string' },
    },
  });
  const out = positionals[0];
  const subset = values.subset as EmojiSubset;
  if (!out || !EMOJI_SUBSETS.includes(subset))
    throw new Error(
      'usage: emoji-folder.ts OUT_DIR [--subset faces|broad] [--background RRGGBB] [--contact-sheet FILE.png]',
    );
  const background = parseColour(values.background);
  const dir = packageDir();
  const version = (
    JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const entries = JSON.parse(await readFile(join(dir, 'emoji.json'), 'utf8')) as EmojiEntry[];
  const chosen = selectEmoji(entries, subset);
  await mkdir(out, { recursive: true });
  const images: Uint8Array[] = [];
  for (const e of chosen) {
    const rgba = await readEmoji(join(dir, 'img', 'google', '64', e.image), background);
    await writeFile(join(out, emojiFileName(e)), encodePng({ width: SIZE, height: SIZE, rgba }));
    images.push(rgba);
  }
  if (values['contact-sheet'])
    await writeFile(values['contact-sheet'], encodePng(contactSheet(images)));
  const perCategory: Record<string, number> = {};
  for (const e of chosen) perCategory[e.category] = (perCategory[e.category] ?? 0) + 1;
  console.log(
    JSON.stringify({
      out,
      package: `${PACKAGE}@${version}`,
      subset,
      images: chosen.length,
      perCategory,
    }),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
