import type * as TF from '@tensorflow/tfjs';
import type { ModelProperties } from '../../contract/channels';
import { generateInChunks } from './batching';
import { normaliseShape } from './detect';
import { NotAGenerator, asStudioError, badFile } from './errors';
import type { Generator } from './generator';
import type { Manifest } from './manifest';
import { resolveProperties } from './properties';
import type { Range } from './range';
import { tfjsRuntime, tfjsRuntimeName } from './tfjs-backend';
import { fileIOHandler, readModelJson } from './tfjs-io';

/** Layers that only move values, so the activation before them still decides the output range. */
const SHAPE_ONLY = new Set(['Reshape', 'Flatten', 'Permute', 'RepeatVector']);
const ACTIVATION_RANGE: Record<string, Range> = { tanh: [-1, 1], sigmoid: [0, 1] };

/** tfjs counterpart of onnx-graph's outputActivationRange: walks back from the output layer. */
export function layersActivationRange(model: TF.LayersModel): Range | null {
  let tensor: TF.SymbolicTensor | undefined = model.outputs[0];
  for (let hops = 0; tensor !== undefined && hops < 64; hops++) {
    const layer = tensor.sourceLayer;
    const activation = layer.getConfig().activation;
    if (typeof activation === 'string' && activation in ACTIVATION_RANGE)
      return ACTIVATION_RANGE[activation]!;
    if (!SHAPE_ONLY.has(layer.getClassName())) return null;
    tensor = tensor.inputs[0];
  }
  return null;
}

class TfjsGenerator implements Generator {
  props!: ModelProperties;

  constructor(
    private readonly tf: typeof TF,
    private readonly model: TF.LayersModel,
    readonly runtime: string,
  ) {}

  async runRaw(
    z: Float32Array,
    count: number,
    latentShape: readonly number[],
  ): Promise<{ data: Float32Array; shape: number[] }> {
    const { tf, model } = this;
    // tidy frees the input and every intermediate; only the returned output survives it.
    const y = tf.tidy(() => {
      const out = model.predict(tf.tensor(z, [count, ...latentShape.slice(1)], 'float32'));
      return Array.isArray(out) ? out[0]! : out;
    });
    try {
      const data = await y.data();
      return {
        data: data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>),
        shape: [...y.shape],
      };
    } finally {
      y.dispose();
    }
  }

  generate(z: Float32Array, count: number): Promise<Float32Array> {
    return generateInChunks(this.props, (...a) => this.runRaw(...a), z, count);
  }

  dispose(): Promise<void> {
    this.model.dispose();
    return Promise.resolve();
  }
}

/** `modelJsonPath` is the model.json file itself (the loader resolves folders to it). */
export async function loadTfjsGenerator(
  modelJsonPath: string,
  manifest: Manifest | null,
): Promise<Generator> {
  const json = await readModelJson(modelJsonPath);
  const { tf } = await tfjsRuntime();
  let model: TF.LayersModel;
  try {
    model = await tf.loadLayersModel(fileIOHandler(modelJsonPath, json));
  } catch (err) {
    throw asStudioError(modelJsonPath, err, (reason) =>
      badFile(modelJsonPath, `could not be loaded by tfjs: ${reason}`),
    );
  }
  try {
    const inputs = model.inputs.map((t) => ({ name: t.name, shape: normaliseShape(t.shape) }));
    if (model.outputs.length === 0) throw new NotAGenerator('it has no outputs');
    const gen = new TfjsGenerator(tf, model, await tfjsRuntimeName());
    gen.props = await resolveProperties({
      format: 'tfjs',
      inputs,
      activationRange: layersActivationRange(model),
      manifest,
      run: (...a) => gen.runRaw(...a),
    });
    return gen;
  } catch (err) {
    model.dispose();
    throw asStudioError(modelJsonPath, err, (reason) =>
      badFile(modelJsonPath, `could not be loaded: ${reason}`),
    );
  }
}
