import { randomSeed, runJob, setDoc, toast, type ActionContext } from '../../app/context';
import type { ProjectDoc } from '../../store/doc';
import { addImages } from '../explore/sampling';
import { makeImage } from './add-image';

type Breeding = ProjectDoc['breeding'];

export function setBreeding(ctx: ActionContext, patch: Partial<Breeding>): void {
  setDoc(
    ctx,
    (doc) => ({ breeding: { ...doc.breeding, ...patch } }),
    `breeding.${Object.keys(patch).join()}`,
  );
}

/**
 * Children of the selected parents (crossover of latent chunks, a blend, or mutation alone, then
 * mutation of the chosen strength). Each child is stored as its exact z, with its parents in its
 * lineage, so children can be bred again without their recipes growing. One undo step.
 */
export async function breed(ctx: ActionContext): Promise<void> {
  const { doc } = ctx.store.getState();
  const parents = doc.selection.map((k) => doc.images[k]).filter((i) => i !== undefined);
  if (!doc.modelId) return;
  if (parents.length === 0) {
    toast(ctx, 'info', 'Select one or more parents (two or more to cross them over).');
    return;
  }
  const { operation, strength, count, seed } = doc.breeding;
  const op = parents.length === 1 && operation !== 'mutate' ? 'mutate' : operation;
  const modelId = doc.modelId;
  const res = await runJob(
    ctx,
    `Breeding ${count} children`,
    () =>
      ctx.api.invoke('latent.breed', {
        modelId,
        parents: parents.slice(0, 16).map((p) => p.latent),
        operation: op,
        strength,
        seed,
        count,
      }),
    false,
  );
  if (!res) return;
  const generation =
    1 + Math.max(0, ...parents.map((p) => Number(/Child (\d+)\./.exec(p.label)?.[1] ?? 0)));
  const children = res.children.flatMap((child, i) => {
    const image = makeImage(
      ctx,
      { kind: 'z', z: child.z },
      {
        op: 'breed',
        parents: parents.map((p) => p.key),
        operation: op,
        seed: (seed + i) >>> 0,
        strength,
      },
      `Child ${generation}.${i + 1}`,
    );
    return image ? [image] : [];
  });
  setDoc(ctx, (d) => ({
    images: addImages(d.images, children),
    breeding: {
      ...d.breeding,
      parents: parents.map((p) => p.key),
      children: children.map((c) => c.key),
      // The next brood differs unless the user sets the seed back.
      seed: randomSeed(),
    },
  }));
}

/** Selected children join the Kept images (the brood itself is replaced by the next one). */
export function keepChildren(ctx: ActionContext): void {
  setDoc(ctx, (doc) => {
    const picked = doc.selection.filter((k) => doc.breeding.children.includes(k));
    if (picked.length === 0) return {};
    return { kept: [...doc.kept, ...picked.filter((k) => !doc.kept.includes(k))] };
  });
}
