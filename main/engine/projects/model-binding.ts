import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StudioError, type ModelInfo } from '../../contract/channels';
import type { ModelBinding } from '../../contract/project-channels';
import type { ProjectModel } from '../../contract/project-schemas';
import type { ModelLibrary } from '../library/model-library';
import { hashModel } from '../library/hash-model';
import { resolveModelFile } from '../models/load-generator';

/** The record a project keeps of its model. */
export function projectModelOf(info: ModelInfo): ProjectModel {
  return {
    name: info.name,
    sha256: info.sha256,
    latentDim: info.props.latentDim,
    width: info.props.width,
    height: info.props.height,
    path: info.path,
  };
}

const short = (sha: string) => `${sha.slice(0, 12)}…`;

/** Finds the project's model: in the library by SHA-256, else at its remembered path (hash checked). */
export async function bindModel(library: ModelLibrary, model: ProjectModel): Promise<ModelBinding> {
  const known = (await library.list()).find((m) => m.sha256 === model.sha256);
  if (known) return { status: 'found', modelId: known.id, model: known };
  if (model.path) {
    const exists = await stat(model.path).then(
      () => true,
      () => false,
    );
    if (
      exists &&
      (await hashModel((await resolveModelFile(resolve(model.path))).file).catch(() => '')) ===
        model.sha256
    ) {
      const info = await library.get(model.path);
      return { status: 'found', modelId: info.id, model: info };
    }
  }
  return {
    status: 'missing',
    name: model.name,
    sha256: model.sha256,
    latentDim: model.latentDim,
    message: `This project was made with the model "${model.name}" (SHA-256 ${short(model.sha256)}), which is not in your library${model.path ? ` nor at ${model.path}` : ''}. Locate the model file to open the project's images.`,
  };
}

/**
 * Rebinds to a model file the user located. A file with the expected SHA-256 is imported into the
 * library; another file only with `accept`, and only when its latents have the project's size.
 */
export async function locateModel(
  library: ModelLibrary,
  expected: ProjectModel,
  modelPath: string,
  accept: boolean,
): Promise<{ model: ModelInfo; matched: boolean }> {
  const { file } = await resolveModelFile(resolve(modelPath));
  const sha256 = await hashModel(file);
  const matched = sha256 === expected.sha256;
  if (!matched && !accept)
    throw new StudioError(
      'MODEL_REJECTED',
      `"${modelPath}" is not the project's model: its SHA-256 is ${short(sha256)}, the project was made with "${expected.name}" (${short(expected.sha256)}). Use it anyway only if it is the same model saved differently.`,
    );
  const model = await library.import(file);
  if (model.props.latentDim !== expected.latentDim)
    throw new StudioError(
      'MODEL_REJECTED',
      `"${modelPath}" takes latents of ${model.props.latentDim} values, but the project's latents have ${expected.latentDim}: they cannot be rendered by it.`,
    );
  return { model, matched };
}
