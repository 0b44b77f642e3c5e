import type * as ort from 'onnxruntime-node';
import { StudioError } from '../../../contract/channels';
import type { ExtractorManifest } from './extractor-manifest';

/**
 * Checks an onnxruntime session against its manifest before any image runs, so a mismatch is
 * reported as "what the manifest says vs what the model has", naming the file, rather than as an
 * onnxruntime shape error on the first batch.
 */
export interface CheckedSession {
  inputName: string;
  /** A fixed batch size the model insists on (its first input dim is a number), else null. */
  fixedBatch: number | null;
}

function mismatch(file: string, reason: string): StudioError {
  return new StudioError('MODEL_REJECTED', `${file} does not match its manifest: ${reason}`);
}

function shapeText(shape: readonly (number | string)[]): string {
  return `[${shape.map((d) => (typeof d === 'number' && d >= 0 ? d : '?')).join(', ')}]`;
}

export function checkSession(
  session: ort.InferenceSession,
  manifest: ExtractorManifest,
  file: string,
): CheckedSession {
  const { input } = manifest;
  if (session.inputNames.length !== 1)
    throw mismatch(
      file,
      `an extractor takes one image input, the model has ${session.inputNames.length} (${session.inputNames.join(', ')})`,
    );
  const inputName = input.name ?? session.inputNames[0]!;
  const meta = session.inputMetadata.find((m) => m.name === inputName);
  if (meta === undefined)
    throw mismatch(
      file,
      `input "${inputName}" does not exist; the model's input is "${session.inputNames[0]}"`,
    );
  if (!meta.isTensor || meta.type !== 'float32')
    throw mismatch(file, `input "${inputName}" is not a float32 tensor`);

  const expected =
    input.layout === 'NCHW'
      ? [input.channels, input.height, input.width]
      : [input.height, input.width, input.channels];
  const shape = meta.shape;
  const wanted = `[?, ${expected.join(', ')}] (${input.layout}, ${input.width}×${input.height}, ${input.channels} channel${input.channels === 1 ? '' : 's'})`;
  if (shape.length !== 0) {
    const fixedDimsDiffer = expected.some((d, i) => {
      const actual = shape[i + 1];
      return typeof actual === 'number' && actual >= 0 && actual !== d;
    });
    if (shape.length !== 4 || fixedDimsDiffer)
      throw mismatch(
        file,
        `input "${inputName}" is ${shapeText(shape)}, the manifest says ${wanted}`,
      );
  }

  const outputs = [manifest.features, ...(manifest.classifier ? [manifest.classifier.output] : [])];
  for (const name of outputs) {
    if (!session.outputNames.includes(name))
      throw mismatch(
        file,
        `output "${name}" does not exist; the model's outputs are ${session.outputNames.map((n) => `"${n}"`).join(', ')}`,
      );
  }
  const batch = shape[0];
  return { inputName, fixedBatch: typeof batch === 'number' && batch > 0 ? batch : null };
}
