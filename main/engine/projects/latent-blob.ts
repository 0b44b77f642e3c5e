import { createHash } from 'node:crypto';
import { StudioError } from '../../contract/channels';
import { base64ToFloat32, float32ToBase64 } from '../latent/base64';

/**
 * Moves the project's float vectors out of the JSON into one binary file and back.
 *
 * Every string under a property named `z` (LatentSpec kind 'z') or `vector` (directions, direction
 * moves) that decodes to exactly `dim` float32 values becomes `"@bin:N"`, N being its row in the
 * latents file (rows of `dim` float32 little-endian). Identical vectors share one row, so a latent
 * repeated in many specs (breeding children copy their parents) is stored once. Strings of any
 * other length stay inline as base64: still valid, just not moved. Base64 never starts with "@",
 * so a reference cannot be mistaken for data.
 */
export const REF_PREFIX = '@bin:';
const VECTOR_KEYS = new Set(['z', 'vector']);

export interface ExternalisedDoc {
  doc: unknown;
  rows: string[];
}

export function externalise(value: unknown, dim: number): ExternalisedDoc {
  const rowOf = new Map<string, number>();
  const rows: string[] = [];
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(v)) {
      if (VECTOR_KEYS.has(key) && typeof child === 'string' && base64Floats(child) === dim) {
        let row = rowOf.get(child);
        if (row === undefined) {
          row = rows.length;
          rows.push(child);
          rowOf.set(child, row);
        }
        out[key] = `${REF_PREFIX}${row}`;
      } else out[key] = walk(child);
    }
    return out;
  };
  return { doc: walk(value), rows };
}

/** The number of float32 values a base64 string holds (from its length, without decoding). */
function base64Floats(s: string): number {
  const padding = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return ((s.length / 4) * 3 - padding) / 4;
}

export function internalise(value: unknown, rows: (row: number) => string): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(v)) {
      if (VECTOR_KEYS.has(key) && typeof child === 'string' && child.startsWith(REF_PREFIX)) {
        const row = Number(child.slice(REF_PREFIX.length));
        if (!Number.isInteger(row) || row < 0)
          throw new StudioError('BAD_FILE', `A latent reference "${child}" is not a row number.`);
        out[key] = rows(row);
      } else out[key] = walk(child);
    }
    return out;
  };
  return walk(value);
}

/** Rows (base64 float32 of `dim` values each) as one little-endian float32 file. */
export function packRows(rows: string[], dim: number): Uint8Array {
  const bytes = new Uint8Array(rows.length * dim * 4);
  rows.forEach((row, i) => {
    const z = base64ToFloat32(row);
    bytes.set(new Uint8Array(z.buffer, z.byteOffset, z.byteLength), i * dim * 4);
  });
  // Float32Array uses the host's byte order; every platform Node runs on is little-endian, but
  // the format says LE, so a big-endian host would swap here (checked, never silently wrong).
  if (new Uint8Array(new Float32Array([1]).buffer)[3] !== 0x3f)
    throw new Error('Big-endian hosts are not supported for project latents');
  return bytes;
}

export function rowReader(bytes: Uint8Array, dim: number, file: string): (row: number) => string {
  const count = bytes.length / (dim * 4);
  return (row) => {
    if (row >= count)
      throw new StudioError(
        'BAD_FILE',
        `${file} holds ${count} latents but the project refers to latent ${row + 1}; the latents file does not belong to this project.json.`,
      );
    const view = new Float32Array(dim);
    new Uint8Array(view.buffer).set(bytes.subarray(row * dim * 4, (row + 1) * dim * 4));
    return float32ToBase64(view);
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
