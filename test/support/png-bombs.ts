import { deflateSync } from 'node:zlib';
import { metadataText } from '../../main/engine/image/png-metadata';
import { concatBytes, encodePng } from '../../main/engine/image/png';
import { makeChunk } from '../../main/engine/image/png-chunks';
import type { PngMetadata } from '../../main/contract/channels';

const bodies = new Map<number, Uint8Array>();

/** One zTXt chunk whose text inflates to `mib` MiB of zeros (a few KB on disk). */
export function zTxtBomb(keyword: string, mib: number): Uint8Array {
  let body = bodies.get(mib);
  if (!body) bodies.set(mib, (body = deflateSync(Buffer.alloc(mib << 20), { level: 9 })));
  const head = Buffer.from(`${keyword}\0\0`, 'latin1'); // keyword NUL, method 0
  return makeChunk('zTXt', concatBytes([head, body]));
}

/**
 * A small real PNG (with our metadata when given) followed by `count` zTXt bombs of 16 MiB each,
 * inserted before IEND: the file issue 13 used (100 chunks: 1.6 MB on disk, 1.6 GB inflated).
 */
export function bombPng(count: number, meta?: PngMetadata, keyword = 'Comment'): Uint8Array {
  const png = encodePng(
    { width: 2, height: 2, rgba: new Uint8Array(16).fill(90) },
    meta ? metadataText(meta) : {},
  );
  const iend = png.length - 12;
  const bomb = zTxtBomb(keyword, 16);
  return concatBytes([
    png.subarray(0, iend),
    ...Array<Uint8Array>(count).fill(bomb),
    png.subarray(iend),
  ]);
}
