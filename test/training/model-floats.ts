import { readTensors } from '../../main/engine/training/checkpoint';

/** Every float of a model or checkpoint folder's tensors, by name. */
export async function modelFloats(dir: string): Promise<Map<string, Float32Array>> {
  return new Map(Object.entries((await readTensors(dir)).state));
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
