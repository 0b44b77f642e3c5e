import type { LatentSpec } from '../../../../main/contract/latent-spec';
import { reportError, setDoc, toast, type ActionContext } from '../../app/context';
import { freeSlots, idwWeights, type Point } from '../../geometry';
import { perFrame } from '../../live/frame-coalescer';
import { LatestOnly } from '../../live/latest-only';
import { latentKey, type DocImage } from '../../store/doc';
import { emptyProbe, type StudioState } from '../../store/state';
import { putFrames } from './frames';
import { addImages } from './sampling';

export const ANCHOR_SIZE = 84;
export const PROBE_RADIUS = 280;
export const PROBE_K = 4;

/** A fresh anchor id that no anchor of the document has (ids survive undo and reload). */
function anchorIds(taken: readonly { id: string }[], n: number): string[] {
  const used = new Set(taken.map((a) => a.id));
  const ids: string[] = [];
  for (let i = 1; ids.length < n; i++) if (!used.has(`a${i}`)) ids.push(`a${i}`);
  return ids;
}

export function placeImages(ctx: ActionContext, images: DocImage[]): void {
  const { doc, stageSize } = ctx.store.getState();
  const fresh = images.filter((i) => !doc.anchors.some((a) => a.key === i.key));
  if (fresh.length === 0) return;
  const slots = freeSlots(doc.anchors, fresh.length, stageSize, ANCHOR_SIZE + 36);
  const ids = anchorIds(doc.anchors, fresh.length);
  const added = fresh.map((image, i) => ({ id: ids[i]!, key: image.key, ...slots[i]! }));
  setDoc(ctx, (d) => ({
    anchors: [...d.anchors, ...added],
    images: addImages(d.images, fresh),
  }));
}

export function placeSelected(ctx: ActionContext): void {
  const { doc } = ctx.store.getState();
  const images = doc.selection.map((k) => doc.images[k]).filter((i) => i !== undefined);
  if (images.length === 0) {
    toast(ctx, 'info', 'Select one or more images to place them on the canvas.');
    return;
  }
  placeImages(ctx, images);
}

export function moveAnchor(ctx: ActionContext, id: string, x: number, y: number): void {
  setDoc(ctx, (doc) => ({ anchors: doc.anchors.map((a) => (a.id === id ? { ...a, x, y } : a)) }));
}

export function removeAnchor(ctx: ActionContext, id: string): void {
  ctx.store.setState((s) => ({
    probe: { ...s.probe, weights: s.probe.weights.filter((w) => w.anchorId !== id) },
  }));
  setDoc(ctx, (doc) => ({ anchors: doc.anchors.filter((a) => a.id !== id) }));
}

/** Clears the canvas: one undo step, so Shift+Delete is never for good. */
export function clearCanvas(ctx: ActionContext): void {
  ctx.store.setState({ probe: emptyProbe });
  setDoc(ctx, { anchors: [] });
}

/** The blend under the probe, kept as an image of the project (its lineage names the anchors). */
export function keepPreview(ctx: ActionContext): DocImage | null {
  const { probe, doc } = ctx.store.getState();
  if (!probe.latent || !probe.frame || !doc.modelId) {
    toast(ctx, 'info', 'Move the pointer near anchors on the canvas, then keep the blend.');
    return null;
  }
  const anchors = new Map(doc.anchors.map((a) => [a.id, a.key]));
  const parents = probe.weights.flatMap((w) => {
    const key = anchors.get(w.anchorId);
    return key ? [{ imageId: key, weight: Math.round(w.weight * 1e4) / 1e4 }] : [];
  });
  const n = doc.kept.length + 1;
  const image: DocImage = {
    key: latentKey(doc.modelId, probe.latent),
    modelId: doc.modelId,
    latent: probe.latent,
    label: `Blend ${n}`,
    name: `blend-${n}`,
    seed: null,
    truncation: null,
    lineage: { op: 'blend', parents },
  };
  putFrames(ctx, { [image.key]: probe.frame });
  setDoc(ctx, (d) => ({
    images: addImages(d.images, [image]),
    kept: d.kept.includes(image.key) ? d.kept : [...d.kept, image.key],
    selection: [image.key],
  }));
  toast(ctx, 'success', `Kept ${image.label} in the project.`);
  return image;
}

type ProbeRequest = { modelId: string; latent: LatentSpec };

/**
 * The live probe: IDW weights of nearby anchors → one blended render.frame, latest-only.
 *
 * The overlay (probe ring, weight lines) is deferred until the frame for that position has been
 * drawn: redrawing it costs the main thread ~10 ms here, and done while the engine renders it made
 * the finished frame wait behind it. Now the overlay and the image update together, once per frame.
 */
export function createProbe(ctx: ActionContext): { move(p: Point): void; cancel(): void } {
  let overlay: Pick<StudioState['probe'], 'point' | 'weights'> | null = null;
  const flushOverlay = () => {
    if (!overlay) return;
    const next = overlay;
    overlay = null;
    ctx.store.setState((s) => ({ probe: { ...s.probe, ...next } }));
  };
  const scheduleOverlay = perFrame(() => {
    if (!scheduler.busy) flushOverlay();
  });
  const scheduler = new LatestOnly<ProbeRequest, Awaited<ReturnType<typeof render>>>(render, {
    onResult: ({ frame }, req) => {
      // A frame from the model we just switched away from is stale.
      if (req.modelId === ctx.store.getState().doc.modelId)
        ctx.store.setState((s) => ({ probe: { ...s.probe, frame, latent: req.latent } }));
      if (!scheduler.hasWaiting) flushOverlay();
    },
    onError: (err) => {
      flushOverlay();
      // A dropped connection is already shown by the connection banner.
      if (ctx.store.getState().connection === 'open')
        reportError(ctx, err, 'Rendering the preview');
    },
  });
  function render(req: ProbeRequest) {
    return ctx.api.invoke('render.frame', { ...req, stream: 'probe' });
  }
  let lastKey = '';
  return {
    move(p) {
      const { doc } = ctx.store.getState();
      const { anchors, modelId } = doc;
      if (!modelId) return;
      // Weights under half a percent change nothing visible; leaving them out keeps requests small.
      const ws = idwWeights(anchors, p, { k: PROBE_K, radius: PROBE_RADIUS }).filter(
        (w) => w.weight >= 0.005,
      );
      overlay = { point: p, weights: ws.map((w) => ({ ...w, anchorId: anchors[w.index]!.id })) };
      scheduleOverlay(undefined);
      const items = ws.flatMap((w) => {
        const image = doc.images[anchors[w.index]!.key];
        return image ? [{ latent: image.latent, weight: Math.round(w.weight * 1e4) / 1e4 }] : [];
      });
      if (items.length === 0) return;
      const latent: LatentSpec = { kind: 'blend', items };
      const key = JSON.stringify(latent);
      if (key === lastKey) return;
      lastKey = key;
      scheduler.request({ modelId, latent });
    },
    cancel() {
      scheduler.cancel();
      overlay = null;
      lastKey = '';
    },
  };
}
