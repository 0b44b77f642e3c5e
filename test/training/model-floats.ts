import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readGeneratorWeightsFile } from '../../main/engine/nets/weights-file';
import { decodeTensors, type TensorIndexEntry } from '../../main/engine/training/tensor-file';

/** Every float of a model folder (generator + critic/encoder), by name. */
export async function modelFloats(dir: string): Promise<Map<string, Float32Array>> {
  const out = new Map<string, Float32Array>();
  for (const [layer, keys] of Object.entries(await readGeneratorWeightsFile(dir)))
    for (const [key, t] of Object.entries(keys)) out.set(`g.${layer}.${key}`, t.data);
  const meta = JSON.parse(await readFile(join(dir, 'networks.json'), 'utf8')) as {
    tensors: TensorIndexEntry[];
  };
  for (const [name, t] of Object.entries(
    decodeTensors(meta.tensors, await readFile(join(dir, 'networks.bin'))),
  ))
    out.set(name, t.data);
  return out;
}

/** Largest |a − b| over two models with the same variables (Infinity if the names differ). */
export function maxDiff(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  if ([...a.keys()].sort().join() !== [...b.keys()].sort().join()) return Infinity;
  let worst = 0;
  for (const [name, x] of a) {
    const y = b.get(name)!;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  }
  return worst;
}
