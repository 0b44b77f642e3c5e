/**
 * A trained network (NetSpec + weights) as a standard ONNX model, through the same forward pass
 * that trained it (nets/run-net.ts on OnnxOps, inference mode): weights become initializers, the
 * batch dimension is free ("N"). Generators and decoders: input "z" [N, d] → "image" NCHW, the
 * graph ending in the network's own Tanh/Sigmoid (the range other tools, and our loader, read).
 * VAE encoders: "image" [N, C, H, W] in the decoder's range → "mean" and "logvar" [N, d].
 */
import { OnnxOps } from '../autodiff/onnx-ops';
import type { NetSpec } from '../nets/net-spec';
import { outputShape, paramInfos } from '../nets/net-shapes';
import { runNet } from '../nets/run-net';

export type Weights = (name: string) => Float32Array;

function constants(o: OnnxOps, spec: NetSpec, weights: Weights) {
  const table = new Map<string, ReturnType<OnnxOps['constant']>>();
  for (const [name, info] of paramInfos(spec)) {
    const data = weights(name);
    const size = info.shape.reduce((a, b) => a * b, 1);
    if (data.length !== size)
      throw new Error(
        `${name} has ${data.length} values; the network needs ${size} ([${info.shape.join(', ')}]).`,
      );
    table.set(name, o.constant(Float32Array.from(data), info.shape));
  }
  return (name: string) => table.get(name)!;
}

export function exportGeneratorNet(
  spec: NetSpec,
  weights: Weights,
  graphName: string,
  docString?: string,
): Uint8Array {
  if (spec.input.kind !== 'vector') throw new Error('A generator must read a latent vector.');
  const o = new OnnxOps();
  const d = spec.input.size;
  const z = o.g.input('z', [1, d], 'float32', ['N', d]);
  const image = runNet(o, spec, constants(o, spec, weights), z, { mode: 'infer' });
  o.g.output('image', image, { dims: ['N', ...outputShape(spec)], rename: true });
  return o.g.encode(graphName, docString);
}

/**
 * A VAE encoder whose input is in the decoder's output range (so an image the model made, or a
 * user's image scaled like one, goes straight in); the network itself reads [-1, 1].
 */
export function exportEncoderNet(
  spec: NetSpec,
  weights: Weights,
  latentDim: number,
  inputRange: readonly [number, number],
  graphName: string,
): Uint8Array {
  if (spec.input.kind !== 'image') throw new Error('An encoder must read an image.');
  const { channels, height, width } = spec.input;
  const o = new OnnxOps();
  const image = o.g.input('image', [1, channels, height, width], 'float32', [
    'N',
    channels,
    height,
    width,
  ]);
  const [lo, hi] = inputRange;
  const x = o.sub(o.mul(image, o.scalar(2 / (hi - lo))), o.scalar(1 + (2 * lo) / (hi - lo)));
  const h = runNet(o, spec, constants(o, spec, weights), x, { mode: 'infer' });
  o.g.output('mean', o.slice(h, 1, 0, latentDim), { dims: ['N', latentDim] });
  o.g.output('logvar', o.clip(o.slice(h, 1, latentDim, 2 * latentDim), -10, 10), {
    dims: ['N', latentDim],
  });
  return o.g.encode(graphName);
}
