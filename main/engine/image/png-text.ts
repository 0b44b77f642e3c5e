import { deflateSync, inflateSync } from 'node:zlib';
import { StudioError } from '../../contract/channels';
import { describeFile, makeChunk, readChunks } from './png-chunks';

/** Text chunks larger than this when inflated are refused, so a tiny file cannot exhaust memory. */
const MAX_TEXT_BYTES = 16 << 20;

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
 * All tEXt, zTXt and iTXt chunks as keyword → text. When a keyword repeats, the first one wins
 * (text chunks after IDAT are allowed, and a later duplicate is more likely an edit than the
 * original). Throws BAD_FILE in words on non-PNG, truncated or damaged files.
 */
export function readPngTextChunks(bytes: Uint8Array, fileLabel?: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const { type, data } of readChunks(bytes, fileLabel)) {
    if (type !== 'tEXt' && type !== 'zTXt' && type !== 'iTXt') continue;
    const entry = parseTextChunk(type, data, fileLabel);
    if (!(entry.keyword in result)) result[entry.keyword] = entry.text;
  }
  return result;
}

function parseTextChunk(
  type: string,
  data: Uint8Array,
  fileLabel?: string,
): { keyword: string; text: string } {
  const bad = (why: string): StudioError =>
    new StudioError(
      'BAD_FILE',
      `${describeFile(fileLabel)} has a damaged ${type} text chunk (${why}).`,
    );
  const keywordEnd = data.indexOf(0);
  if (keywordEnd < 1) throw bad('no keyword');
  const keyword = Buffer.from(data.subarray(0, keywordEnd)).toString('latin1');
  const inflate = (compressed: Uint8Array): Buffer => {
    try {
      return inflateSync(compressed, { maxOutputLength: MAX_TEXT_BYTES });
    } catch {
      throw bad('its compressed text cannot be read');
    }
  };
  if (type === 'tEXt')
    return { keyword, text: Buffer.from(data.subarray(keywordEnd + 1)).toString('latin1') };
  if (type === 'zTXt') {
    return { keyword, text: inflate(data.subarray(keywordEnd + 2)).toString('latin1') };
  }
  const compressed = data[keywordEnd + 1] === 1;
  const languageEnd = data.indexOf(0, keywordEnd + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(0, languageEnd + 1);
  if (translatedEnd < 0) throw bad('its header is incomplete');
  const body = data.subarray(translatedEnd + 1);
  return { keyword, text: (compressed ? inflate(body) : Buffer.from(body)).toString('utf8') };
}
