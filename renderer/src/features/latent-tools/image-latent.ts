import type { Frame } from '../../../../main/contract/channels';
import type { Sampling } from '../../../../main/contract/diffusion-schemas';
import { runJob, toast, type ActionContext } from '../../app/context';
import type { ImageTarget, StudioState } from '../../store/state';
import { setDiffusionSampling } from '../diffusion/diffusion';
import { currentModel } from '../../store/selectors';
import { keepImages, makeImage } from './add-image';

/** Images the engine reads for encoding and projection (by sharp), by extension or type. */
export const IMAGE_FILE = /\.(png|jpe?g|webp|gif|tiff?|bmp|avif)$/i;

function setTarget(ctx: ActionContext, patch: Partial<ImageTarget>): void {
  ctx.store.setState((s) => (s.imageTarget ? { imageTarget: { ...s.imageTarget, ...patch } } : {}));
}

/**
 * An image file (open, drop or paste) becomes the target of Image → latent. A VAE with an
 * encoder encodes it at once and places it on the canvas; a diffusion model inverts it at once
 * (DDIM inversion: a fixed number of model calls, no search); any other model waits for Project
 * (a search that takes a while), with the Image tab shown.
 */
export async function takeImage(
  ctx: ActionContext,
  bytes: Uint8Array<ArrayBuffer>,
  name: string,
  preview: Frame | null,
): Promise<void> {
  ctx.store.setState({
    imageTarget: {
      name,
      bytes,
      preview,
      mode: 'encode',
      status: 'idle',
      step: 0,
      steps: 0,
      distance: null,
      result: null,
      jobId: null,
    },
    toolTab: 'image',
  });
  const model = currentModel(ctx.store.getState());
  if (model?.hasEncoder) await encodeTarget(ctx);
  else if (model?.kind === 'diffusion')
    await projectTarget(ctx, ctx.store.getState().projectionSteps);
  else
    toast(
      ctx,
      'info',
      `${name}: this model has no encoder, so it is found by projection — press Project in the Image tab.`,
      8000,
    );
}

/** VAE models: the encoder's latent of the target, kept and placed on the canvas. */
export async function encodeTarget(ctx: ActionContext): Promise<void> {
  const { imageTarget: target, doc } = ctx.store.getState();
  if (!target || !doc.modelId) return;
  const modelId = doc.modelId;
  setTarget(ctx, { mode: 'encode', status: 'running' });
  const res = await runJob(
    ctx,
    `Encoding ${target.name}`,
    () =>
      ctx.api.invoke('image.encode', {
        modelId,
        image: { bytes: target.bytes, name: target.name },
      }),
    false,
  );
  if (!res) {
    setTarget(ctx, { status: 'failed' });
    return;
  }
  const image = makeImage(
    ctx,
    { kind: 'z', z: res.z },
    { op: 'encode', source: res.source },
    `Encoded ${target.name}`,
  );
  if (!image) return;
  keepImages(ctx, [image], { place: true });
  setTarget(ctx, { status: 'done', result: image.key });
  toast(ctx, 'success', `Encoded ${target.name} and placed it on the canvas.`);
}

/**
 * DDIM steps of an inversion: the Diffusion panel's steps (the model's default when unset), so
 * the inverted x_T renders back with the settings the canvas already uses.
 */
export function inversionSteps(state: StudioState): number | null {
  const model = currentModel(state);
  if (model?.kind !== 'diffusion' || !model.diffusion) return null;
  return state.doc.diffusionSampling.steps ?? model.diffusion.defaults.steps;
}

/**
 * Any model: the latent whose image is closest to the target (perceptual features + pixels),
 * found by the engine's search, with its progress and the distance reached; Cancel keeps the
 * best so far. The result is kept, placed on the canvas and shown beside the target.
 * Diffusion models: DDIM inversion with the Diffusion panel's steps instead of a search (`steps`
 * is ignored); the x_T renders back with DDIM eta 0, which becomes the document's sampler.
 */
export async function projectTarget(ctx: ActionContext, searchSteps: number): Promise<void> {
  const { imageTarget: target, doc } = ctx.store.getState();
  if (!target || !doc.modelId) return;
  const modelId = doc.modelId;
  const ddimSteps = inversionSteps(ctx.store.getState());
  const steps = ddimSteps ?? searchSteps;
  setTarget(ctx, { mode: 'project', status: 'running', step: 0, steps, distance: null });
  let off: (() => void) | null = null;
  const verb = ddimSteps === null ? 'Projecting' : 'Inverting (DDIM)';
  const res = await runJob(ctx, `${verb} ${target.name}`, (jobId) => {
    setTarget(ctx, { jobId: jobId ?? null });
    off = ctx.api.on('projection.progress', (e) => {
      if (e.jobId === jobId) setTarget(ctx, { step: e.step, steps: e.steps, distance: e.distance });
    });
    return ctx.api.invoke('image.project', {
      modelId,
      image: { bytes: target.bytes, name: target.name },
      steps,
      jobId,
    });
  });
  (off as (() => void) | null)?.();
  if (!res) {
    setTarget(ctx, { status: 'failed', jobId: null });
    return;
  }
  const image = makeImage(
    ctx,
    { kind: 'z', z: res.z },
    {
      op: 'project',
      source: res.source,
      distance: res.distance,
      steps: res.steps,
      optimizer: res.optimizer,
    },
    `Projected ${target.name}`,
  );
  if (!image) return;
  if (res.sampling) adoptSampling(ctx, res.sampling);
  keepImages(ctx, [image], { place: true, frames: [res.frame] });
  setTarget(ctx, { status: 'done', result: image.key, distance: res.distance, jobId: null });
  toast(
    ctx,
    'success',
    res.sampling
      ? `Inverted ${target.name} to its starting noise (DDIM ${res.steps} steps, eta 0): pixel distance ${res.distance.toExponential(2)}.`
      : `${res.cancelled ? 'Stopped early' : 'Projected'} ${target.name}: distance ${res.distance.toFixed(3)} after ${res.steps} steps.`,
  );
}

/** The inverted x_T is an image only with the sampling that made it: the document takes it on. */
function adoptSampling(ctx: ActionContext, sampling: Sampling): void {
  const current = ctx.store.getState().doc.diffusionSampling;
  if (
    current.sampler === sampling.sampler &&
    current.steps === sampling.steps &&
    (current.eta ?? 0) === sampling.eta
  )
    return;
  setDiffusionSampling(ctx, sampling);
}

export function clearTarget(ctx: ActionContext): void {
  ctx.store.setState({ imageTarget: null });
}
