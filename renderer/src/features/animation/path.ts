import {
  pathFrameCount,
  pathFrameTimes,
  type PathSegment,
} from '../../../../main/contract/keyframe-path';
import type { LatentSpec } from '../../../../main/contract/latent-spec';
import { runJob, setDoc, toast, type ActionContext } from '../../app/context';
import type { KeyframePath, ProjectDoc } from '../../store/doc';
import { keepPreview } from '../explore/canvas';

export const DEFAULT_SEGMENT: PathSegment = {
  duration: 1,
  easing: 'cubic',
  interpolation: 'slerp',
};

/**
 * Segments for `count` keyframes: one per gap (one more on a loop, returning to the first),
 * keeping the existing ones in place and giving new gaps the last segment's settings.
 */
export function fitSegments(
  segments: readonly PathSegment[],
  count: number,
  loop: boolean,
): PathSegment[] {
  if (count < 2) return [];
  const want = loop ? count : count - 1;
  const template = segments.at(-1) ?? DEFAULT_SEGMENT;
  return Array.from({ length: want }, (_, i) => segments[i] ?? template);
}

function setPath(
  ctx: ActionContext,
  change: (p: KeyframePath) => Partial<KeyframePath>,
  key?: string,
) {
  setDoc(ctx, (doc) => ({ path: { ...doc.path, ...change(doc.path) } }), key);
}

export function addKeyframes(ctx: ActionContext, keys: readonly string[]): void {
  if (keys.length === 0) {
    toast(ctx, 'info', 'Select images (in order) or place anchors, then add them as keyframes.');
    return;
  }
  setPath(ctx, (p) => {
    const next = [...p.keys, ...keys];
    return { keys: next, segments: fitSegments(p.segments, next.length, p.loop) };
  });
}

/** The selection, in selection order, as the next keyframes. */
export function addSelectedKeyframes(ctx: ActionContext): void {
  addKeyframes(ctx, ctx.store.getState().doc.selection);
}

/** The canvas anchors, in the order they were placed. */
export function addAnchorKeyframes(ctx: ActionContext): void {
  addKeyframes(
    ctx,
    ctx.store.getState().doc.anchors.map((a) => a.key),
  );
}

/** The blend under the pointer on the canvas, kept and added as a keyframe. */
export function addPreviewKeyframe(ctx: ActionContext): void {
  const image = keepPreview(ctx);
  if (image) addKeyframes(ctx, [image.key]);
}

export function removeKeyframe(ctx: ActionContext, index: number): void {
  setPath(ctx, (p) => {
    const keys = p.keys.filter((_, i) => i !== index);
    const segments = p.segments.filter((_, i) => i !== Math.min(index, p.segments.length - 1));
    return { keys, segments: fitSegments(segments, keys.length, p.loop) };
  });
}

/** Moves keyframe `index` one place earlier (-1) or later (+1). */
export function moveKeyframe(ctx: ActionContext, index: number, by: -1 | 1): void {
  setPath(ctx, (p) => {
    const to = index + by;
    if (to < 0 || to >= p.keys.length) return {};
    const keys = [...p.keys];
    [keys[index], keys[to]] = [keys[to]!, keys[index]!];
    return { keys };
  });
}

export function setSegment(ctx: ActionContext, index: number, patch: Partial<PathSegment>): void {
  setPath(
    ctx,
    (p) => ({ segments: p.segments.map((s, i) => (i === index ? { ...s, ...patch } : s)) }),
    `path.segment.${index}.${Object.keys(patch).join()}`,
  );
}

/** Every segment at once (the "all segments" row). */
export function setAllSegments(ctx: ActionContext, patch: Partial<PathSegment>): void {
  setPath(ctx, (p) => ({ segments: p.segments.map((s) => ({ ...s, ...patch })) }));
}

export function setPathSettings(
  ctx: ActionContext,
  patch: Partial<Pick<KeyframePath, 'loop' | 'fps' | 'video'>>,
): void {
  setPath(
    ctx,
    (p) => {
      const loop = patch.loop ?? p.loop;
      return { ...patch, segments: fitSegments(p.segments, p.keys.length, loop) };
    },
    `path.${Object.keys(patch).join()}`,
  );
}

export function clearPath(ctx: ActionContext): void {
  setPath(ctx, () => ({ keys: [], segments: [] }));
  ctx.store.setState({ pathPreview: null });
}

/** The path's keyframes as latents, or why there is no path to render yet. */
export function pathRequest(doc: ProjectDoc):
  | {
      modelId: string;
      keyframes: LatentSpec[];
      segments: PathSegment[];
      loop: boolean;
      fps: number;
    }
  | string {
  const { path, modelId } = doc;
  if (!modelId) return 'No model is open.';
  if (path.keys.length < 2) return 'Add two or more keyframes first.';
  const keyframes = path.keys.map((k) => doc.images[k]?.latent);
  if (keyframes.some((l) => l === undefined)) return 'A keyframe is no longer in the project.';
  return {
    modelId,
    keyframes: keyframes as LatentSpec[],
    segments: path.segments,
    loop: path.loop,
    fps: path.fps,
  };
}

/** What a preview was rendered from, to tell when it is out of date. */
export function pathSignature(doc: ProjectDoc): string {
  const { keys, segments, loop, fps } = doc.path;
  return JSON.stringify([doc.modelId, keys, segments, loop, fps]);
}

/** Frames and seconds of the path as it stands. */
export function pathTiming(path: KeyframePath): { frames: number; seconds: number } | null {
  if (path.keys.length < 2 || path.segments.length === 0) return null;
  const seconds = path.segments.reduce((sum, s) => sum + s.duration, 0);
  return { frames: pathFrameCount(path.segments, path.fps, path.loop), seconds };
}

/** Every frame of the path at its fps (render.path), for playback in the Path tab. */
export async function renderPathPreview(ctx: ActionContext): Promise<void> {
  const { doc } = ctx.store.getState();
  const request = pathRequest(doc);
  if (typeof request === 'string') {
    toast(ctx, 'info', request);
    return;
  }
  const timing = pathTiming(doc.path);
  const signature = pathSignature(doc);
  const res = await runJob(ctx, `Rendering the path (${timing?.frames ?? 0} frames)`, (jobId) =>
    ctx.api.invoke('render.path', { ...request, jobId }),
  );
  if (res)
    ctx.store.setState({
      pathPreview: { frames: res.frames, times: res.times, index: 0, signature },
    });
}

export function setPreviewIndex(ctx: ActionContext, index: number): void {
  ctx.store.setState((s) => (s.pathPreview ? { pathPreview: { ...s.pathPreview, index } } : {}));
}

/** The latents of every frame of the path (for a sprite sheet of the animation). */
export function pathFrameLatents(doc: ProjectDoc): LatentSpec[] | string {
  const request = pathRequest(doc);
  if (typeof request === 'string') return request;
  return pathFrameTimes(request.segments, request.fps, request.loop).map((time) => ({
    kind: 'path',
    keyframes: request.keyframes,
    segments: request.segments,
    loop: request.loop,
    time,
  }));
}
