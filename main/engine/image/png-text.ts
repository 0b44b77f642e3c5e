import { deflateSync, inflateSync } from 'node:zlib';
import { StudioError } from '../../contract/channels';
import { describeFile, makeChunk, readChunks } from './png-chunks';

/**
 * All the compressed text of one file may inflate to at most this much: a 1.6 MB file of zTXt
 * bombs (each 16 MiB of zeros) costs a few milliseconds, not 18 seconds and 1.8 GB. Our own
 * metadata (the latent as base64 JSON) is a few kilobytes; the contract allows 1 MiB of z.
 */
export const MAX_INFLATED_TEXT_BYTES = 4 << 20;

/**
 * One iTXt chunk: keyword NUL, compression flag, method 0, empty language tag NUL, empty translated
 * keyword NUL, then UTF-8 text. iTXt rather than tEXt because model names and labels may be any
 * language; long values (> 1 KiB) are zlib-compressed, which every PNG reader must support.
 */
export function makeTextChunk(keyword: string, text: string): Uint8Array {
  // The spec: 1–79 Latin-1 printable characters, no leading, trailing or double spaces.
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) || /^ | $| {2}/.test(keyword)) {
    throw new StudioError('INTERNAL', `"${keyword}" cannot be a PNG text keyword.`);
  }
  const utf8 = Buffer.from(text, 'utf8');
  const compress = utf8.length > 1024;
  const body = compress ? deflateSync(utf8) : utf8;
  const head = Buffer.from(keyword, 'latin1');
  const data = new Uint8Array(head.length + 5 + body.length);
  data.set(head, 0);
  // head.length is NUL; then flag, method, and the NULs ending the two empty strings.
  data[head.length + 1] = compress ? 1 : 0;
  data.set(body, head.length + 5);
  return makeChunk('iTXt', data);
}

/**
 * The tEXt, zTXt and iTXt chunks as keyword → text: all of them, or only those named in `only`
 * (the others are never inflated). When a keyword repeats, the first one wins (text chunks after
 * IDAT are allowed, and a later duplicate is more likely an edit than the original); later ones
 * are skipped unread. Throws BAD_FILE in words on non-PNG, truncated or damaged files, and on
 * files whose text inflates past MAX_INFLATED_TEXT_BYTES.
 */
export function readPngTextChunks(
  bytes: Uint8Array,
  fileLabel?: string,
  only?: readonly string[],
): Record<string, string> {
  const result = new Map<string, string>();
  const budget = { left: MAX_INFLATED_TEXT_BYTES };
  for (const { type, data } of readChunks(bytes, fileLabel)) {
    if (type !== 'tEXt' && type !== 'zTXt' && type !== 'iTXt') continue;
    const keyword = chunkKeyword(type, data, fileLabel);
    if (result.has(keyword) || (only && !only.includes(keyword))) continue;
    result.set(keyword, parseTextChunk(type, data, keyword.length, budget, fileLabel));
  }
  return Object.fromEntries(result);
}

function damaged(type: string, fileLabel: string | undefined, why: string): StudioError {
  return new StudioError(
    'BAD_FILE',
    `${describeFile(fileLabel)} has a damaged ${type} text chunk (${why}).`,
  );
}

function chunkKeyword(type: string, data: Uint8Array, fileLabel?: string): string {
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 1) throw damaged(type, fileLabel, 'no keyword');
  return Buffer.from(data.subarray(0, keywordEnd)).toString('latin1');
}

function parseTextChunk(
  type: string,
  data: Uint8Array,
  keywordEnd: number,
  budget: { left: number },
  fileLabel?: string,
): string {
  const bad = (why: string) => damaged(type, fileLabel, why);
  const inflate = (compressed: Uint8Array): Buffer => {
    if (budget.left <= 0) throw tooMuchText(fileLabel);
    let text: Buffer;
    try {
      text = inflateSync(compressed, { maxOutputLength: budget.left });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw tooMuchText(fileLabel);
      throw bad('its compressed text cannot be read');
    }
    budget.left -= text.length;
    return text;
  };
  if (type === 'tEXt') return Buffer.from(data.subarray(keywordEnd + 1)).toString('latin1');
  if (type === 'zTXt') return inflate(data.subarray(keywordEnd + 2)).toString('latin1');
  const compressed = data[keywordEnd + 1] === 1;
  const languageEnd = data.indexOf(0, keywordEnd + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) throw bad('its header is incomplete');
  const body = data.subarray(translatedEnd + 1);
  return (compressed ? inflate(body) : Buffer.from(body)).toString('utf8');
}

function tooMuchText(fileLabel?: string): StudioError {
  return new StudioError(
    'BAD_FILE',
    `${describeFile(fileLabel)} holds more than ${MAX_INFLATED_TEXT_BYTES >> 20} MiB of compressed text (a decompression bomb?); it was not read.`,
  );
}
