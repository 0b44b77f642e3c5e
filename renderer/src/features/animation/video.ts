import type { VideoSettings } from '../../../../main/contract/project-schemas';
import { runJob, toast, type ActionContext } from '../../app/context';
import { say } from '../explore/say';
import { pathFrameLatents, pathRequest, pathTiming } from './path';

export const VIDEO_LABEL = 'Exporting the video';

/** The extension each format writes. */
export const EXTENSIONS: Record<VideoSettings['format'], string> = {
  mp4: 'mp4',
  webm: 'webm',
  gif: 'gif',
  apng: 'png',
};

/** The quality scale of each video codec: CRF, lower is better (the engine's defaults). */
export const CRF = {
  mp4: { min: 0, max: 51, default: 20 },
  webm: { min: 0, max: 63, default: 32 },
} as const;

/** The folder's separator, so a Windows engine gets a Windows path. */
export function joinPath(dir: string, file: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? `${dir}${file}` : `${dir}${sep}${file}`;
}

/** A file name from words: letters, digits, dot, dash. */
export function safeFileName(name: string): string {
  return (
    name
      .trim()
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'path'
  );
}

/**
 * The keyframe path as a video (MP4 H.264 or WebM VP9 through ffmpeg, or GIF/APNG) at the path's
 * fps, into the export folder (the data folder's exports/ when none is chosen). A file that is
 * there already is refused in words unless `overwrite`. Returns the file written, or null.
 */
export async function exportVideo(
  ctx: ActionContext,
  name: string,
  overwrite = false,
): Promise<{ file: string; frames: number; width: number; height: number } | null> {
  const { doc } = ctx.store.getState();
  const request = pathRequest(doc);
  if (typeof request === 'string') {
    toast(ctx, 'info', request);
    return null;
  }
  const { format, scale, filter, crf } = doc.path.video;
  const dataDir = ctx.store.getState().info?.dataDir;
  const folder = doc.exportSettings.folder.trim() || (dataDir ? joinPath(dataDir, 'exports') : '');
  const file = folder ? joinPath(folder, `${safeFileName(name)}.${EXTENSIONS[format]}`) : undefined;
  const frames = pathTiming(doc.path)?.frames ?? 0;
  const res = await runJob(ctx, `${VIDEO_LABEL} (${frames} frames)`, (jobId) =>
    ctx.api.invoke('export.video', {
      ...request,
      format,
      scale,
      filter,
      crf: format === 'mp4' || format === 'webm' ? crf : undefined,
      file,
      overwrite,
      jobId,
    }),
  );
  if (!res) return null;
  say(
    ctx,
    `Saved ${format.toUpperCase()} to ${res.file} (${res.frames} frames, ${res.width}×${res.height})`,
  );
  return res;
}

/** The path's frames, or else the selection, as one grid PNG with a JSON atlas beside it. */
export async function exportSpriteSheet(ctx: ActionContext): Promise<void> {
  const { doc } = ctx.store.getState();
  if (!doc.modelId) return;
  const fromPath = pathFrameLatents(doc);
  const latents =
    typeof fromPath !== 'string'
      ? fromPath
      : doc.selection.map((k) => doc.images[k]?.latent).filter((l) => l !== undefined);
  if (latents.length === 0) {
    toast(ctx, 'info', 'Make a keyframe path, or select images, for a sprite sheet.');
    return;
  }
  if (latents.length > 1024) {
    toast(
      ctx,
      'info',
      `A sprite sheet holds at most 1024 images; this path has ${latents.length} frames.`,
    );
    return;
  }
  const { folder, scale, filter } = doc.exportSettings;
  const file = folder.trim()
    ? joinPath(folder.trim(), `sprites-${Date.now().toString(36)}.png`)
    : undefined;
  const modelId = doc.modelId;
  const res = await runJob(ctx, `Exporting a sprite sheet (${latents.length} images)`, (jobId) =>
    ctx.api.invoke('export.spriteSheet', { modelId, latents, scale, filter, file, jobId }),
  );
  if (res)
    say(ctx, `Saved a ${res.columns}×${res.rows} sprite sheet to ${res.file} (atlas ${res.atlas})`);
}
