import * as ort from 'onnxruntime-node';
import type { ModelProperties } from '../../contract/channels';
import type { TimestepInput } from '../../contract/diffusion-schemas';
import { makeSchedule } from '../diffusion/sampler';
import { resolveSchedulerConfig } from '../diffusion/scheduler-config';
import { modelSamplingDefaults } from '../diffusion/sampling-settings';
import { MAX_CHUNK } from './batching';
import { detectDenoiser, type DenoiserLayout, type TypedInput } from './detect-denoiser';
import { DiffusionModel, type Denoiser } from './diffusion-model';
import { NotADenoiser, firstLine, formatShape } from './errors';
import type { Manifest } from './manifest';

/** diffusers' pipelines map samples from [-1, 1] to pixels ((x / 2 + 0.5).clamp(0, 1)). */
const DIFFUSERS_RANGE: [number, number] = [-1, 1];

function timestepTensor(input: TimestepInput, t: number, count: number): ort.Tensor {
  const n = input.shape === 'batch' ? count : 1;
  const dims = input.shape === 'scalar' ? [] : [n];
  switch (input.type) {
    case 'int64':
      return new ort.Tensor('int64', new BigInt64Array(n).fill(BigInt(t)), dims);
    case 'int32':
      return new ort.Tensor('int32', new Int32Array(n).fill(t), dims);
    case 'float32':
      return new ort.Tensor('float32', new Float32Array(n).fill(t), dims);
    case 'float64':
      return new ort.Tensor('float64', new Float64Array(n).fill(t), dims);
  }
}

class OnnxDenoiser implements Denoiser {
  constructor(
    readonly runtime: string,
    private readonly session: ort.InferenceSession,
    private readonly layout: DenoiserLayout,
    private readonly outputName: string,
  ) {}

  private get perImage(): number {
    return this.layout.channels * this.layout.height * this.layout.width;
  }

  /** One session.run of exactly `count` samples; the output as float32 with its shape. */
  async runRaw(x: Float32Array, count: number, t: number) {
    const { sample, timestep, channels, height, width } = this.layout;
    const feeds = {
      [sample]: new ort.Tensor('float32', x, [count, channels, height, width]),
      [timestep.name]: timestepTensor(timestep, t, count),
    };
    const out = (await this.session.run(feeds, [this.outputName]))[this.outputName]!;
    const data =
      out.data instanceof Float32Array
        ? out.data
        : Float32Array.from(out.data as ArrayLike<number | bigint>, Number);
    return { data, shape: [...out.dims] };
  }

  /** Any count: dynamic models in chunks of MAX_CHUNK, fixed-batch ones padded with zeros. */
  async predict(sample: Float32Array, count: number, t: number): Promise<Float32Array> {
    const per = this.perImage;
    const batch = this.layout.batch;
    const chunk = batch === 'dynamic' ? MAX_CHUNK : batch;
    const out = new Float32Array(count * per);
    for (let i = 0; i < count; i += chunk) {
      const n = Math.min(chunk, count - i);
      let slice = sample.subarray(i * per, (i + n) * per);
      if (batch !== 'dynamic' && n < batch) {
        const padded = new Float32Array(batch * per);
        padded.set(slice);
        slice = padded;
      }
      const res = await this.runRaw(slice, batch === 'dynamic' ? n : batch, t);
      if (res.data.length < n * per)
        throw new Error(`the denoiser returned ${res.data.length} values for ${n} samples`);
      out.set(res.data.subarray(0, n * per), i * per);
    }
    return out;
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}

/**
 * Opens a denoiser from a session whose inputs look like one (see detect-denoiser.ts): detects the
 * layout, proves one step runs and returns the sample's shape, and resolves the scheduler from the
 * manifest. Throws NotADenoiser with the reason in words; the caller names the file.
 */
export async function loadOnnxDenoiser(
  session: ort.InferenceSession,
  runtime: string,
  inputs: TypedInput[],
  manifest: Manifest | null,
  notes: string[],
): Promise<DiffusionModel> {
  const layout = detectDenoiser(inputs, manifest);
  const output = session.outputMetadata[0];
  if (!output) throw new NotADenoiser('it has no outputs');
  const denoiser = new OnnxDenoiser(runtime, session, layout, output.name);
  const { config, warnings } = resolveSchedulerConfig(manifest?.scheduler);

  const { channels, height, width, batch } = layout;
  const perCall = batch === 'dynamic' ? 1 : batch;
  const expected = [perCall, channels, height, width];
  let shape: number[];
  try {
    shape = (
      await denoiser.runRaw(
        new Float32Array(perCall * channels * height * width),
        perCall,
        Math.floor(config.num_train_timesteps / 2),
      )
    ).shape;
  } catch (err) {
    throw new NotADenoiser(`it fails on a test sample ${formatShape(expected)}: ${firstLine(err)}`);
  }
  if (shape.join(',') !== expected.join(','))
    throw new NotADenoiser(
      `its output [${shape.join(',')}] is not the shape of its sample input ${formatShape(expected)}, so it does not predict noise for that sample`,
    );

  const props: ModelProperties = {
    format: 'onnx',
    latentShape: [batch === 'dynamic' ? -1 : batch, channels, height, width],
    latentDim: channels * height * width,
    batch,
    layout: 'NCHW',
    channels,
    width,
    height,
    range: manifest?.range ?? DIFFUSERS_RANGE,
    rangeSource: manifest?.range ? 'manifest' : 'convention',
    warnings: [...notes, ...warnings],
  };
  return new DiffusionModel(
    props,
    {
      scheduler: config,
      schedulerSource: manifest?.scheduler ? 'manifest' : 'default',
      sampleInput: layout.sample,
      timestep: layout.timestep,
      defaults: modelSamplingDefaults(config, manifest?.sampling),
    },
    makeSchedule(config),
    denoiser,
  );
}
