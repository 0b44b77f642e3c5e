import { readFile } from 'node:fs/promises';
import { StudioError } from '../../contract/channels';
import { corpusBleu, type BleuResult, type BleuSmoothing } from './bleu';
import type { BleuTokenizer } from './bleu-tokenize';

/** One sentence a line; a final newline ends the last line, it does not start a new one. */
async function readLines(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new StudioError('NOT_FOUND', `Could not read ${file}: ${(err as Error).message}`);
  }
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * Corpus BLEU of a hypothesis file against reference files that are parallel to it (line i of
 * every reference translates line i of the hypotheses). Defaults are sacreBLEU's (13a, exp).
 */
export async function bleuOfFiles(
  hypFile: string,
  refFiles: string[],
  options: { smooth?: BleuSmoothing; tokenize?: BleuTokenizer } = {},
): Promise<BleuResult> {
  const hyps = await readLines(hypFile);
  const refs = await Promise.all(refFiles.map(readLines));
  refs.forEach((r, i) => {
    if (r.length !== hyps.length)
      throw new StudioError(
        'BAD_FILE',
        `${refFiles[i]} has ${r.length} lines but ${hypFile} has ${hyps.length}; reference files must be parallel to the hypotheses.`,
      );
  });
  return corpusBleu(hyps, refs, {
    smooth: options.smooth ?? 'exp',
    tokenize: options.tokenize ?? '13a',
  });
}
