import { readdir, readFile, realpath } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { StudioError } from '../../contract/channels';
import { createRng } from '../latent/prng';
import { hashSeed } from '../training/step-rng';
import { heldOutSplit } from '../training/detectors/held-out-split';

/**
 * A folder of .txt / .md files as one corpus. Files are read in sorted order, decoded as strict
 * UTF-8 (a file that is not text is left out, named with the reason), line endings normalised
 * to "\n", and joined with a blank line between files. The text is cut into passages of
 * PASSAGE_CHARS characters; a seeded 5 % of passages (none below 20 passages — the image families'
 * rule) is held out of training: the held-out bits per character and the BLEU prompts and
 * references come from those passages only.
 */
export const TEXT_EXTENSIONS = ['.txt', '.md'];
export const PASSAGE_CHARS = 1024;
/** More than this many characters (about 64 MB of text) is refused: training reads it all into memory. */
export const MAX_CORPUS_CHARS = 64_000_000;

export interface TextFileIssue {
  file: string;
  reason: string;
}

export interface TextCorpus {
  folder: string;
  files: string[];
  rejected: TextFileIssue[];
  /** Characters in all usable files. */
  chars: number;
  /** The passages trained on and held out, in corpus order. */
  train: string[];
  heldOut: string[];
}

export async function findTextFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const real = await realpath(dir).catch(() => null);
    if (real === null || seen.has(real)) return;
    seen.add(real);
    const entries = await readdir(dir, { withFileTypes: true }).catch((err: Error) => {
      if (dir === folder)
        throw new StudioError('BAD_FILE', `${folder} cannot be read: ${err.message}.`);
      return [];
    });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (TEXT_EXTENSIONS.includes(extname(e.name).toLowerCase()))
        found.push(relative(folder, full).split(sep).join('/'));
    }
  };
  await walk(folder);
  return found.sort();
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Reads a folder's text files (strict UTF-8), each with its problem when it cannot be used. */
export async function readTextFolder(
  folder: string,
): Promise<{ files: string[]; texts: string[]; rejected: TextFileIssue[] }> {
  const names = await findTextFiles(folder);
  const files: string[] = [];
  const texts: string[] = [];
  const rejected: TextFileIssue[] = [];
  let total = 0;
  for (const name of names) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(folder, name));
    } catch (err) {
      rejected.push({ file: name, reason: `unreadable: ${(err as Error).message}` });
      continue;
    }
    let text: string;
    try {
      text = decoder
        .decode(bytes)
        .replace(/\r\n?/g, '\n')
        .replace(/^\uFEFF/, '');
    } catch {
      rejected.push({ file: name, reason: 'not UTF-8 text' });
      continue;
    }
    if (text.trim() === '') {
      rejected.push({ file: name, reason: 'empty' });
      continue;
    }
    total += text.length;
    if (total > MAX_CORPUS_CHARS)
      throw new StudioError(
        'BAD_REQUEST',
        `${folder} holds more than ${MAX_CORPUS_CHARS.toLocaleString('en')} characters of text (at ${name}); train on a smaller folder.`,
      );
    files.push(name);
    texts.push(text);
  }
  return { files, texts, rejected };
}

/** Splits the joined text into passages and holds a seeded 5 % of them out. */
export function splitCorpus(texts: readonly string[], seed: number) {
  const joined = texts.join('\n\n');
  const chars = Array.from(joined);
  const passages: string[] = [];
  for (let i = 0; i < chars.length; i += PASSAGE_CHARS)
    passages.push(chars.slice(i, i + PASSAGE_CHARS).join(''));
  const split = heldOutSplit(passages.length, seed);
  return {
    chars: chars.length,
    train: Array.from(split.train, (i) => passages[i]!),
    heldOut: Array.from(split.heldOut, (i) => passages[i]!),
  };
}

export async function openTextCorpus(folder: string, seed: number): Promise<TextCorpus> {
  const { files, texts, rejected } = await readTextFolder(folder);
  if (files.length === 0)
    throw new StudioError(
      'BAD_REQUEST',
      `${folder} has no usable .txt or .md files${rejected.length ? ` (${rejected.map((r) => `${r.file}: ${r.reason}`).join('; ')})` : ''}.`,
    );
  return { folder, files, rejected, ...splitCorpus(texts, seed) };
}

/** A seeded stream of window starts in [0, length − window]: batch k is a function of (seed, k). */
export function windowStarts(
  seed: number,
  draw: number,
  count: number,
  length: number,
  window: number,
): number[] {
  const rng = createRng(hashSeed(seed, draw, 0x7e47));
  const span = Math.max(1, length - window + 1);
  return Array.from({ length: count }, () => rng.nextUint32() % span);
}
