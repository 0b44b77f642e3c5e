import type { Frame } from '../../../../main/contract/channels';
import { reportError, type ActionContext } from '../../app/context';
import { referencedKeys, type ProjectDoc } from '../../store/doc';

/** Frames kept beyond what the document refers to (recently dropped images, for a quick undo). */
const SPARE_FRAMES = 512;

export function putFrames(ctx: ActionContext, frames: Record<string, Frame>): void {
  ctx.store.setState((s) => ({ frames: { ...s.frames, ...frames } }));
}

/**
 * Renders every image the document refers to that has no frame yet (after an undo, a reload, or
 * opening a project), one render.frame each, for the current model only. Failures are reported
 * once per pass; the images stay in the document.
 */
export function createFrameLoader(ctx: ActionContext): { sync(): Promise<void> } {
  const inFlight = new Set<string>();
  let running: Promise<void> | null = null;
  let again = false;
  async function pass(): Promise<void> {
    const { doc, frames } = ctx.store.getState();
    const missing = [...referencedKeys(doc)].filter(
      (k) => !frames[k] && !inFlight.has(k) && doc.images[k]?.modelId === doc.modelId,
    );
    for (const key of missing) {
      const image = ctx.store.getState().doc.images[key];
      if (!image || ctx.store.getState().doc.modelId !== image.modelId) continue;
      inFlight.add(key);
      try {
        const { frame } = await ctx.api.invoke('render.frame', {
          modelId: image.modelId,
          latent: image.latent,
        });
        putFrames(ctx, { [key]: frame });
      } catch (err) {
        if (ctx.store.getState().connection === 'open')
          reportError(ctx, err, `Rendering ${image.label}`);
        return;
      } finally {
        inFlight.delete(key);
      }
    }
  }
  return {
    sync() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await pass();
        } while (again);
        running = null;
      })();
      return running;
    },
  };
}

/** Drops frames of images the document no longer refers to, beyond a spare few. */
export function pruneFrames(ctx: ActionContext, doc: ProjectDoc): void {
  const { frames } = ctx.store.getState();
  const keys = Object.keys(frames);
  if (keys.length <= SPARE_FRAMES) return;
  const keep = referencedKeys(doc);
  const next: Record<string, Frame> = {};
  for (const k of keys) if (keep.has(k)) next[k] = frames[k]!;
  ctx.store.setState({ frames: next });
}
