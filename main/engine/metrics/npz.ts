import { StudioError } from '../../contract/channels';
import { readInputFile } from '../io/read-input';
import { writeFileAtomic } from '../io/atomic-write';
import type { GaussianStats } from './gaussian-stats';
import { formatNpy, parseNpy, type NpyArray } from './npy';
import { readZip, writeZip } from './zip';

/**
 * .npz archives, and FID statistics in pytorch-fid's `--save-stats` layout: keys `mu` [d] and
 * `sigma` [d, d]. We also write an optional `n` (sample count, int64 scalar); pytorch-fid ignores
 * extra keys, and we report `n` when a file has it.
 */
export function parseNpz(buf: Uint8Array, file: string): Map<string, NpyArray> {
  const arrays = new Map<string, NpyArray>();
  for (const { name, data } of readZip(buf, file)) {
    const key = name.replace(/\.npy$/, '');
    arrays.set(key, parseNpy(data, `${file} (array '${key}')`));
  }
  return arrays;
}

export function formatNpz(arrays: Record<string, NpyArray>, compress = false): Uint8Array {
  return writeZip(
    Object.entries(arrays).map(([key, a]) => ({
      name: `${key}.npy`,
      data: formatNpy(a.shape, a.data),
    })),
    compress,
  );
}

export async function readNpz(file: string): Promise<Map<string, NpyArray>> {
  const buf = await readInputFile(file);
  return parseNpz(buf, file);
}

export function statsFromNpz(arrays: Map<string, NpyArray>, file: string): GaussianStats {
  const mu = arrays.get('mu');
  const sigma = arrays.get('sigma');
  const bad = (why: string) =>
    new StudioError('BAD_FILE', `${file} is not an FID statistics file: ${why}.`);
  if (!mu || !sigma)
    throw bad(
      `it needs arrays 'mu' and 'sigma', found ${[...arrays.keys()].map((k) => `'${k}'`).join(', ') || 'none'}`,
    );
  const d = mu.shape[0] ?? 0;
  if (mu.shape.length !== 1 || d === 0)
    throw bad(`'mu' has shape (${mu.shape.join(', ')}), expected (d,)`);
  if (sigma.shape.length !== 2 || sigma.shape[0] !== d || sigma.shape[1] !== d) {
    throw bad(`'sigma' has shape (${sigma.shape.join(', ')}), expected (${d}, ${d}) to match 'mu'`);
  }
  if (!mu.data.every(Number.isFinite) || !sigma.data.every(Number.isFinite))
    throw bad('it contains NaN or infinite values');
  const nArr = arrays.get('n');
  const n = nArr && nArr.data.length === 1 ? nArr.data[0]! : null;
  return { mu: mu.data, sigma: sigma.data, n };
}

export async function readStatsNpz(file: string): Promise<GaussianStats> {
  return statsFromNpz(await readNpz(file), file);
}

/** Statistics as .npz bytes; pytorch-fid and numpy.load read the result as-is. */
export function encodeStatsNpz(stats: GaussianStats): Uint8Array {
  const d = stats.mu.length;
  const entries = [
    { name: 'mu.npy', data: formatNpy([d], stats.mu) },
    { name: 'sigma.npy', data: formatNpy([d, d], stats.sigma) },
  ];
  if (stats.n != null) entries.push({ name: 'n.npy', data: formatNpy([], [stats.n], true) });
  return writeZip(entries);
}

/** Writes statistics atomically (replacing `file`). */
export async function writeStatsNpz(file: string, stats: GaussianStats): Promise<void> {
  await writeFileAtomic(file, encodeStatsNpz(stats));
}
