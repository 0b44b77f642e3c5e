import type { LatentSpec } from '../../../../main/contract/latent-spec';
import { reportError, runJob, setDoc, toast, type ActionContext } from '../../app/context';
import { LatestOnly } from '../../live/latest-only';
import type { SavedDirection } from '../../store/doc';
import type { FoundDirection } from '../../store/state';
import { keepImages, makeImage } from './add-image';

/** The directions shown as sliders: the project's saved ones, then this session's PCA finds. */
export function sliderDirections(
  saved: readonly SavedDirection[],
  found: readonly FoundDirection[],
): (SavedDirection & { saved: boolean })[] {
  const savedPca = new Set(
    saved.flatMap((d) => (d.source.method === 'pca' ? [d.source.component] : [])),
  );
  return [
    ...saved.map((d) => ({ ...d, saved: true })),
    ...found
      .filter((f) => !savedPca.has(f.component))
      .map((f) => ({ ...asSaved(f), saved: false })),
  ];
}

export function asSaved(f: FoundDirection, name?: string): SavedDirection {
  return {
    id: `pca-${f.component}`,
    name: name ?? `PC ${f.component + 1}`,
    vector: f.vector,
    source: {
      method: 'pca',
      component: f.component,
      explained: f.explained,
      seed: f.seed,
      samples: f.samples,
      features: f.features,
    },
  };
}

/** GANSpace-style directions of the current model (directions.pca as a job). */
export async function computeDirections(
  ctx: ActionContext,
  count = 8,
  samples = 512,
): Promise<void> {
  const modelId = ctx.store.getState().doc.modelId;
  if (!modelId) return;
  const res = await runJob(
    ctx,
    `Finding ${count} directions (PCA of ${samples} samples)`,
    (jobId) => ctx.api.invoke('directions.pca', { modelId, count, samples, jobId }),
  );
  if (!res) return;
  const found = res.directions.map((d) => ({
    ...d,
    seed: res.seed,
    samples: res.samples,
    features: res.features,
  }));
  ctx.store.setState({ foundDirections: { modelId, list: found }, directionAmounts: {} });
  toast(ctx, 'success', `Found ${found.length} directions (features: ${res.features}).`);
}

/** Names and keeps a direction in the project (a found PCA one, or renames a saved one). */
export function saveDirection(ctx: ActionContext, direction: SavedDirection, name: string): void {
  const clean = name.trim().slice(0, 200) || direction.name;
  setDoc(ctx, (doc) => {
    const exists = doc.directions.some((d) => d.id === direction.id);
    return {
      directions: exists
        ? doc.directions.map((d) => (d.id === direction.id ? { ...d, name: clean } : d))
        : [...doc.directions, { ...direction, name: clean }],
    };
  });
}

export function removeDirection(ctx: ActionContext, id: string): void {
  setDoc(ctx, (doc) => ({ directions: doc.directions.filter((d) => d.id !== id) }));
  ctx.store.setState((s) => {
    const { [id]: _, ...rest } = s.directionAmounts;
    return { directionAmounts: rest };
  });
}

/** The current image: the newest selected one (the sliders move it). */
function baseImage(ctx: ActionContext) {
  const { doc } = ctx.store.getState();
  const key = doc.selection.at(-1);
  return key ? doc.images[key] : undefined;
}

function movedLatent(
  ctx: ActionContext,
  amounts: Record<string, number>,
): { latent: LatentSpec; moves: { directionId: string; amount: number }[] } | null {
  const base = baseImage(ctx);
  if (!base) return null;
  const { doc, foundDirections } = ctx.store.getState();
  const all = sliderDirections(doc.directions, foundDirections?.list ?? []);
  const moves = all
    .filter((d) => (amounts[d.id] ?? 0) !== 0)
    .map((d) => ({ vector: d.vector, amount: amounts[d.id]!, directionId: d.id }));
  return {
    latent: { kind: 'direction', base: base.latent, moves },
    moves: moves.map((m) => ({ directionId: m.directionId, amount: m.amount })),
  };
}

/**
 * The sliders: each move renders the current image moved along every direction by its amount
 * (latest-only, like the canvas probe), shown beside the sliders.
 */
export function createDirectionPreview(ctx: ActionContext) {
  const scheduler = new LatestOnly(
    (req: { modelId: string; latent: LatentSpec }) =>
      ctx.api.invoke('render.frame', { ...req, stream: 'directions' }),
    {
      onResult: ({ frame }, req) => {
        if (req.modelId === ctx.store.getState().doc.modelId)
          ctx.store.setState({ directionPreview: { frame, latent: req.latent } });
      },
      onError: (err) => reportError(ctx, err, 'Moving the image'),
    },
  );
  return {
    setAmount(id: string, amount: number) {
      ctx.store.setState((s) => ({ directionAmounts: { ...s.directionAmounts, [id]: amount } }));
      const moved = movedLatent(ctx, ctx.store.getState().directionAmounts);
      const modelId = ctx.store.getState().doc.modelId;
      if (moved && modelId) scheduler.request({ modelId, latent: moved.latent });
    },
    reset() {
      scheduler.cancel();
      ctx.store.setState({ directionAmounts: {}, directionPreview: null });
    },
  };
}

/**
 * Keeps the moved image in the project; its lineage names the directions and amounts (found
 * PCA directions it used are saved into the project, so the tree can name them).
 */
export function keepMoved(ctx: ActionContext): void {
  const state = ctx.store.getState();
  const base = baseImage(ctx);
  const moved = movedLatent(ctx, state.directionAmounts);
  if (!base || !moved || moved.moves.length === 0) {
    toast(ctx, 'info', 'Select an image and move a slider first.');
    return;
  }
  const found = state.foundDirections?.list ?? [];
  const used = found
    .map((f) => asSaved(f))
    .filter((d) => moved.moves.some((m) => m.directionId === d.id))
    .filter((d) => !state.doc.directions.some((s) => s.id === d.id));
  const image = makeImage(
    ctx,
    moved.latent,
    { op: 'direction', parent: base.key, moves: moved.moves },
    `${base.label} moved`,
  );
  if (!image) return;
  if (used.length > 0) setDoc(ctx, (doc) => ({ directions: [...doc.directions, ...used] }));
  keepImages(ctx, [image], { frames: [state.directionPreview?.frame] });
  ctx.store.setState({ directionAmounts: {}, directionPreview: null });
  toast(ctx, 'success', `Kept ${image.label}.`);
}

/** The attribute vector mean(A) − mean(B), named and kept in the project. */
export async function attributeVector(
  ctx: ActionContext,
  setA: readonly string[],
  setB: readonly string[],
  name: string,
): Promise<void> {
  const { doc } = ctx.store.getState();
  if (!doc.modelId) return;
  if (setA.length === 0 || setB.length === 0) {
    toast(ctx, 'info', 'Pick set A and set B first (select images, then "Use selection").');
    return;
  }
  const latent = (k: string) => doc.images[k]?.latent;
  const a = setA.map(latent).filter((l) => l !== undefined);
  const b = setB.map(latent).filter((l) => l !== undefined);
  const modelId = doc.modelId;
  const res = await runJob(
    ctx,
    'Making the attribute vector',
    () => ctx.api.invoke('directions.attribute', { modelId, setA: a, setB: b }),
    false,
  );
  if (!res) return;
  const id = `attr-${Date.now().toString(36)}`;
  setDoc(ctx, (d) => ({
    directions: [
      ...d.directions,
      {
        id,
        name: name.trim() || 'A − B',
        vector: res.vector,
        source: { method: 'attribute', setA: [...setA], setB: [...setB] },
      },
    ],
  }));
  toast(
    ctx,
    'success',
    `Saved the direction "${name.trim() || 'A − B'}" (length ${res.length.toFixed(2)}).`,
  );
}
