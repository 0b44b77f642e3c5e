import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StudioError } from '../../contract/channels';
import type { LatentSpec } from '../../contract/latent-spec';
import type { Project } from '../../contract/project-schemas';
import { safePart } from '../../engine/export/naming-template';
import { openCliContext, type CliContext } from '../cli-context';
import { printResult, UsageError } from '../output';

export const PROJECT_USAGE = `  project info FILE.lsproj [--json]         what a project holds and whether its model is here
  render-project FILE.lsproj --out DIR [--model PATH] [--overwrite] [--json]
                                           every strip (PNG frames) and keyframe path (video)`;

async function openProject(ctx: CliContext, file: string, modelPath?: string) {
  const opened = await ctx.call('project.open', { path: resolve(file) });
  if (opened.model.status === 'found') return { ...opened, modelId: opened.model.modelId };
  if (!modelPath)
    throw new StudioError(
      'NOT_FOUND',
      `${opened.model.message} (pass --model PATH to use a model file)`,
    );
  const located = await ctx.call('project.locateModel', {
    expected: opened.project.model,
    modelPath: resolve(modelPath),
  });
  return { ...opened, modelId: located.modelId };
}

export async function projectCommand(
  sub: string | undefined,
  file: string | undefined,
  json: boolean,
): Promise<void> {
  if (sub !== 'info') throw new UsageError('project needs a subcommand: project info FILE');
  if (!file) throw new UsageError('project info needs a project folder (NAME.lsproj)');
  const ctx = await openCliContext();
  const { path, project, model, warnings } = await ctx.call('project.open', {
    path: resolve(file),
  });
  const summary = {
    path,
    name: project.name,
    version: project.version,
    modifiedAt: project.modifiedAt,
    model: {
      ...project.model,
      status: model.status,
      ...(model.status === 'found' ? { modelId: model.modelId } : { message: model.message }),
    },
    counts: {
      images: project.images.length,
      favourites: project.favourites.length,
      selection: project.selection.length,
      anchors: project.canvas.anchors.length,
      strips: project.strips.length,
      paths: project.paths.length,
      directions: project.directions.length,
    },
    paths: project.paths.map((p) => ({
      id: p.id,
      name: p.name,
      keyframes: p.keyframes.length,
      loop: p.loop,
      fps: p.fps,
      seconds: p.segments.reduce((s, x) => s + x.duration, 0),
    })),
    warnings,
  };
  printResult(json, summary, () =>
    [
      `project   ${project.name} (format ${project.version}, saved ${project.modifiedAt})`,
      `model     ${project.model.name} (sha256 ${project.model.sha256.slice(0, 16)}…): ${model.status === 'found' ? `found as ${model.modelId}` : model.message}`,
      ...Object.entries(summary.counts).map(([k, v]) => `${k.padEnd(9)} ${v}`),
      ...warnings.map((w) => `warning   ${w}`),
    ].join('\n'),
  );
}

function latentOf(project: Project, imageId: string): LatentSpec {
  const image = project.images.find((i) => i.id === imageId);
  if (!image)
    throw new StudioError(
      'BAD_FILE',
      `The project refers to image "${imageId}", which it does not hold.`,
    );
  return image.latent;
}

export async function renderProjectCommand(
  file: string | undefined,
  o: { out?: string; model?: string; overwrite: boolean },
  json: boolean,
): Promise<void> {
  if (!file || !o.out) throw new UsageError('render-project needs a project folder and --out DIR');
  const ctx = await openCliContext();
  const { project, modelId } = await openProject(ctx, file, o.model);
  const out = resolve(o.out);
  await mkdir(out, { recursive: true });
  const written: { kind: 'strip' | 'path'; name: string; files: string[] }[] = [];
  for (const [i, strip] of project.strips.entries()) {
    const dir = join(out, `strip-${i + 1}-${safePart(strip.name) || strip.id}`);
    const { files } = await ctx.call('export.frames', {
      modelId,
      waypoints: strip.waypoints.map((id) => latentOf(project, id)),
      frames: strip.frames,
      method: strip.method,
      loop: strip.loop,
      dir,
    });
    written.push({ kind: 'strip', name: strip.name, files });
  }
  for (const [i, path] of project.paths.entries()) {
    const format = path.video?.format ?? 'mp4';
    const ext = format === 'apng' ? 'png' : format;
    const target = join(out, `path-${i + 1}-${safePart(path.name) || path.id}.${ext}`);
    const result = await ctx.call('export.video', {
      modelId,
      keyframes: path.keyframes.map((id) => latentOf(project, id)),
      segments: path.segments,
      loop: path.loop,
      fps: path.fps,
      format,
      scale: path.video?.scale,
      filter: path.video?.filter,
      crf: path.video?.crf,
      file: target,
      overwrite: o.overwrite,
    });
    written.push({ kind: 'path', name: path.name, files: [result.file] });
  }
  printResult(json, { out, written }, () =>
    written.length === 0
      ? `The project has no strips or keyframe paths; nothing was rendered.`
      : written
          .map(
            (w) =>
              `${w.kind} "${w.name}": ${w.files.length === 1 ? w.files[0] : `${w.files.length} frames in ${join(w.files[0]!, '..')}`}`,
          )
          .join('\n'),
  );
}
