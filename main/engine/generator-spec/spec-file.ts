/**
 * generator-spec.json in a trained-model folder: the GeneratorSpec as JSON, validated on read so a
 * hand-edited or foreign file fails with a message naming the field, not deep inside the exporter.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../contract/channels';
import { writeFileAtomic } from '../io/atomic-write';
import { firstLine } from '../io/first-line';
import type { GeneratorSpec } from './generator-spec';

export const GENERATOR_SPEC_FILE = 'generator-spec.json';

const int = z.number().int().positive();
const layerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dense'), units: int }).strict(),
  z.object({ kind: z.literal('reshape'), height: int, width: int, channels: int }).strict(),
  z.object({ kind: z.literal('conv'), filters: int, kernel: int }).strict(),
  z.object({ kind: z.literal('batchnorm'), epsilon: z.number().nonnegative() }).strict(),
  z.object({ kind: z.literal('relu') }).strict(),
  z.object({ kind: z.literal('leakyrelu'), alpha: z.number() }).strict(),
  z.object({ kind: z.literal('tanh') }).strict(),
  z.object({ kind: z.literal('sigmoid') }).strict(),
  z.object({ kind: z.literal('depthToSpace'), block: int }).strict(),
]);
export const generatorSpecSchema = z
  .object({
    latentDim: int,
    layers: z.array(layerSchema).min(1),
    output: z
      .object({
        height: int,
        width: int,
        channels: z.union([z.literal(1), z.literal(3)]),
        range: z.tuple([z.number(), z.number()]),
      })
      .strict(),
  })
  .strict();

// Compile-time check that the schema and the hand-written type describe the same thing.
const _sameType: GeneratorSpec = {} as z.infer<typeof generatorSpecSchema>;

export async function readGeneratorSpecFile(dir: string): Promise<GeneratorSpec> {
  const path = join(dir, GENERATOR_SPEC_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new StudioError(
      missing ? 'NOT_FOUND' : 'BAD_FILE',
      `"${GENERATOR_SPEC_FILE}" in ${dir} ${missing ? 'does not exist' : `cannot be read: ${firstLine(err)}`}`,
    );
  }
  const parsed = generatorSpecSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.join('.') || 'top level'}: ${i.message}`,
    );
    throw new StudioError(
      'BAD_FILE',
      `"${GENERATOR_SPEC_FILE}" in ${dir} is invalid: ${issues.join('; ')}`,
    );
  }
  return parsed.data;
}

export async function writeGeneratorSpecFile(dir: string, spec: GeneratorSpec): Promise<void> {
  await writeFileAtomic(join(dir, GENERATOR_SPEC_FILE), `${JSON.stringify(spec, null, 2)}\n`);
}
