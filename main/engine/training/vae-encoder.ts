import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConvStackShape } from './conv-stack';
import type { ModelSetup } from './models';
import type { NamedParams } from './named-params';
import type { Tf } from './spec-forward';
import { decodeTensors, type TensorIndexEntry } from './tensor-file';
import { encode } from './vae';

export interface VaeEncoder {
  latentDim: number;
  size: number;
  channels: 1 | 3;
  /** `count` images, NHWC floats in [-1, 1] → count × latentDim latent means. */
  encode(images: Float32Array, count: number): Float32Array;
  dispose(): void;
}

/** Opens the encoder of a trained VAE from its model (or checkpoint) folder. */
export async function loadVaeEncoder(tf: Tf, dir: string): Promise<VaeEncoder> {
  const setup = JSON.parse(
    await readFile(join(dir, 'config.json'), 'utf8').catch(async () => {
      const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as {
        setup: ModelSetup;
      };
      return JSON.stringify(state.setup);
    }),
  ) as ModelSetup;
  if (setup.config.family !== 'vae')
    throw new Error(`${dir} holds a ${setup.config.family.toUpperCase()}, which has no encoder.`);
  const meta = JSON.parse(await readFile(join(dir, 'networks.json'), 'utf8')) as {
    tensors: TensorIndexEntry[];
  };
  const stored = decodeTensors(meta.tensors, await readFile(join(dir, 'networks.bin')));
  const params: NamedParams = {};
  for (const [name, t] of Object.entries(stored))
    if (name.startsWith('e.')) params[name] = tf.variable(tf.tensor(t.data, t.shape), false);
  const shape: ConvStackShape = {
    size: setup.config.size,
    channels: setup.config.channels,
    width: setup.width,
  };
  return {
    latentDim: setup.config.latentDim,
    size: shape.size,
    channels: shape.channels,
    encode: (images, count) => encode(tf, params, shape, images, count),
    dispose: () => Object.values(params).forEach((v) => v.dispose()),
  };
}
