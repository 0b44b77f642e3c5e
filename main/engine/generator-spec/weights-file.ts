/**
 * On-disk weights of a trained generator, shared by the trainer (writes) and the exporter (reads):
 *
 *   generator-weights.bin   all tensors back to back, float32 little-endian, no header
 *   generator-weights.json  { "format": "latent-studio-generator-weights", "version": 1,
 *                             "dtype": "float32", "byteLength": <size of the .bin>,
 *                             "sha256": <hex of the .bin>,
 *                             "entries": [{ "layerIndex": 0, "name": "kernel", "shape": [64, 512],
 *                                           "offset": 0, "length": 131072 }, ...] }
 *
 * offset and length are in BYTES into the .bin (length = 4 * product(shape)); layerIndex/name are
 * the GeneratorWeights keys. The .bin is written first and the .json last, each atomically; the
 * sha256 makes a pair torn by a crash between the two (new .bin, old .json) fail loudly on read
 * instead of loading another run's weights of the same architecture.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../contract/channels';
import { writeFileAtomic } from '../io/atomic-write';
import { firstLine } from '../io/first-line';
import type { GeneratorSpec, GeneratorWeights } from './generator-spec';

export const WEIGHTS_BIN = 'generator-weights.bin';
export const WEIGHTS_JSON = 'generator-weights.json';
const FORMAT = 'latent-studio-generator-weights';

const entrySchema = z
  .object({
    layerIndex: z.number().int().nonnegative(),
    name: z.string().min(1),
    shape: z.array(z.number().int().nonnegative()),
    offset: z.number().int().nonnegative(),
    length: z.number().int().nonnegative(),
  })
  .strict();
const manifestSchema = z
  .object({
    format: z.literal(FORMAT),
    version: z.literal(1),
    dtype: z.literal('float32'),
    byteLength: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    entries: z.array(entrySchema),
  })
  .strict();
export type WeightsManifest = z.infer<typeof manifestSchema>;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Writes the pair (.bin first, .json last, each atomically). */
export async function writeGeneratorWeightsFile(
  dir: string,
  spec: GeneratorSpec,
  weights: GeneratorWeights,
): Promise<void> {
  const entries: WeightsManifest['entries'] = [];
  let offset = 0;
  for (const layerIndex of Object.keys(weights)
    .map(Number)
    .sort((a, b) => a - b))
    for (const [name, t] of Object.entries(weights[layerIndex]!)) {
      entries.push({ layerIndex, name, shape: [...t.shape], offset, length: t.data.length * 4 });
      offset += t.data.length * 4;
    }
  const bin = new Uint8Array(offset);
  const view = new DataView(bin.buffer);
  for (const e of entries)
    weights[e.layerIndex]![e.name]!.data.forEach((v, i) =>
      view.setFloat32(e.offset + i * 4, v, true),
    );
  const manifest: WeightsManifest = {
    format: FORMAT,
    version: 1,
    dtype: 'float32',
    byteLength: bin.length,
    sha256: sha256(bin),
    entries,
  };
  await writeFileAtomic(join(dir, WEIGHTS_BIN), bin);
  await writeFileAtomic(join(dir, WEIGHTS_JSON), `${JSON.stringify(manifest, null, 1)}\n`);
}

const bad = (file: string, reason: string) => new StudioError('BAD_FILE', `"${file}" ${reason}`);

async function readOrThrow(dir: string, file: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new StudioError('NOT_FOUND', `"${file}" does not exist in ${dir}`);
    throw bad(file, `cannot be read: ${firstLine(err)}`);
  }
}

/** The weights as saved; shapes are checked against a spec later, by the exporter. */
export async function readGeneratorWeightsFile(dir: string): Promise<GeneratorWeights> {
  let json: unknown;
  try {
    json = JSON.parse((await readOrThrow(dir, WEIGHTS_JSON)).toString('utf8'));
  } catch (err) {
    throw err instanceof StudioError
      ? err
      : bad(WEIGHTS_JSON, `is not valid JSON: ${firstLine(err)}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success)
    throw bad(
      WEIGHTS_JSON,
      `is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'top level'}: ${i.message}`).join('; ')}`,
    );
  const manifest = parsed.data;
  const bin = await readOrThrow(dir, WEIGHTS_BIN);
  if (bin.length !== manifest.byteLength || sha256(bin) !== manifest.sha256)
    throw bad(
      WEIGHTS_BIN,
      `does not match ${WEIGHTS_JSON} (different size or checksum: the pair is from different saves, or damaged)`,
    );
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const weights: GeneratorWeights = {};
  for (const e of manifest.entries) {
    const count = e.shape.reduce((a, d) => a * d, 1);
    if (e.length !== count * 4 || e.offset + e.length > bin.length)
      throw bad(
        WEIGHTS_JSON,
        `entry ${e.layerIndex}.${e.name}: ${e.length} bytes at ${e.offset} do not hold shape [${e.shape.join(',')}] inside the ${bin.length}-byte ${WEIGHTS_BIN}`,
      );
    const layer = (weights[e.layerIndex] ??= {});
    if (layer[e.name] !== undefined) throw bad(WEIGHTS_JSON, `has ${e.layerIndex}.${e.name} twice`);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = view.getFloat32(e.offset + i * 4, true);
    layer[e.name] = { shape: e.shape, data };
  }
  return weights;
}
