import type { LatentSpec } from '../../../main/contract/latent-spec';
import { freeSlots, idwWeights, type Point } from '../geometry';
import { perFrame } from '../live/frame-coalescer';
import { LatestOnly } from '../live/latest-only';
import { selectedItems, type Item } from '../state/studio';
import { reportError, toast, type ActionContext } from './context';

export const ANCHOR_SIZE = 84;
export const PROBE_RADIUS = 280;
export const PROBE_K = 4;

let nextAnchor = 1;

export function placeItems(ctx: ActionContext, items: Item[]): void {
  const { anchors, stageSize } = ctx.store.get();
  const fresh = items.filter((i) => !anchors.some((a) => a.item.key === i.key));
  if (fresh.length === 0) return;
  const slots = freeSlots(anchors, fresh.length, stageSize, ANCHOR_SIZE + 36);
  const added = fresh.map((item, i) => ({ id: `a${nextAnchor++}`, item, ...slots[i]! }));
  ctx.store.set({ anchors: [...anchors, ...added] });
}

export function placeSelected(ctx: ActionContext): void {
  const items = selectedItems(ctx.store.get());
  if (items.length === 0) {
    toast(ctx, 'info', 'Select one or more images to place them on the canvas.');
    return;
  }
  placeItems(ctx, items);
}

export function moveAnchor(ctx: ActionContext, id: string, x: number, y: number): void {
  ctx.store.set((s) => ({ anchors: s.anchors.map((a) => (a.id === id ? { ...a, x, y } : a)) }));
}

export function removeAnchor(ctx: ActionContext, id: string): void {
  ctx.store.set((s) => ({
    anchors: s.anchors.filter((a) => a.id !== id),
    probe: { ...s.probe, weights: s.probe.weights.filter((w) => w.anchorId !== id) },
  }));
}

export function clearCanvas(ctx: ActionContext): void {
  ctx.store.set({ anchors: [], probe: { frame: null, weights: [], point: null } });
}

type ProbeRequest = { modelId: string; latent: LatentSpec };
type StudioState = ReturnType<ActionContext['store']['get']>;

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
    ctx.store.set((s) => ({ probe: { ...s.probe, ...next } }));
  };
  const scheduleOverlay = perFrame(() => {
    if (!scheduler.busy) flushOverlay();
  });
  const scheduler = new LatestOnly<ProbeRequest, Awaited<ReturnType<typeof render>>>(render, {
    onResult: ({ frame }, req) => {
      // A frame from the model we just switched away from is stale.
      if (req.modelId === ctx.store.get().modelId)
        ctx.store.set((s) => ({ probe: { ...s.probe, frame } }));
      if (!scheduler.hasWaiting) flushOverlay();
    },
    onError: (err) => {
      flushOverlay();
      // A dropped connection is already shown by the connection banner.
      if (ctx.store.get().connection === 'open') reportError(ctx, err, 'Rendering the preview');
    },
  });
  function render(req: ProbeRequest) {
    return ctx.api.invoke('render.frame', { ...req, stream: 'probe' });
  }
  let lastKey = '';
  return {
    move(p) {
      const { anchors, modelId } = ctx.store.get();
      if (!modelId) return;
      // Weights under half a percent change nothing visible; leaving them out keeps requests small.
      const ws = idwWeights(anchors, p, { k: PROBE_K, radius: PROBE_RADIUS }).filter(
        (w) => w.weight >= 0.005,
      );
      overlay = { point: p, weights: ws.map((w) => ({ ...w, anchorId: anchors[w.index]!.id })) };
      scheduleOverlay(undefined);
      if (ws.length === 0) return;
      const latent: LatentSpec = {
        kind: 'blend',
        items: ws.map((w) => ({
          latent: anchors[w.index]!.item.latent,
          weight: Math.round(w.weight * 1e4) / 1e4,
        })),
      };
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
