import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../main/engine/autodiff/compiled-graph';
import { OnnxOps } from '../../main/engine/autodiff/onnx-ops';
import type { Ops } from '../../main/engine/autodiff/ops';
import { TfjsOps } from '../../main/engine/autodiff/tfjs-ops';
import { createRng } from '../../main/engine/latent/prng';
import { pixelCnn, textTransformer } from '../../main/engine/nets/autoregressive-nets';
import { initNetParams } from '../../main/engine/nets/net-params';
import { inputShape, type NetSpec } from '../../main/engine/nets/net-spec';
import { runNet } from '../../main/engine/nets/run-net';
import { trainingRuntime } from '../../main/engine/training/training-runtime';

/**
 * The masking, pinned by gradients: d(output at position k)/d(input) is exactly zero at k and
 * after it (raster order, then R → G → B within a pixel; for text, the tokens after k), and
 * non-zero on the neighbours a PixelCNN without a blind spot must see — on onnxruntime (the
 * compiled backward graph) and on tfjs (its own autodiff).
 */
let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await trainingRuntime('cpu'));
});

const pixelSpec = pixelCnn({ size: 6, channels: 3, filters: 6, blocks: 2, levels: 4 });
const textSpec = textTransformer({ vocab: 5, context: 6, width: 8, layers: 2, heads: 2 });

function randomInput(spec: NetSpec, seed: number): Float32Array {
  const rng = createRng(seed);
  const size = inputShape(spec.input).reduce((a, b) => a * b, 1);
  return Float32Array.from({ length: size }, () => rng.nextFloat() * 2 - 1);
}

/** Output selector: a cotangent that is 1 on the outputs of one position, 0 elsewhere. */
function selector(
  spec: NetSpec,
  target: { row: number; col: number; colour: number } | { token: number },
) {
  if ('token' in target) {
    const [t, v] = [6, 5];
    const r = new Float32Array(t * v);
    for (let k = 0; k < v; k++) r[target.token * v + k] = 1 + k;
    return { r, shape: [1, t, v] };
  }
  const [levels, size] = [4, 6];
  const r = new Float32Array(3 * levels * size * size);
  for (let k = 0; k < levels; k++)
    r[((target.colour * levels + k) * size + target.row) * size + target.col] = 1 + k;
  return { r, shape: [1, 3 * levels, size, size] };
}

function program<T>(o: Ops<T>, spec: NetSpec, x: T, r: T, params: Record<string, T>): T {
  const y = runNet(o, spec, (n) => params[n]!, x, { mode: 'train' });
  return o.sum(o.mul(y, r), [...o.shape(y).keys()]);
}

async function gradOnnx(spec: NetSpec, x: Float32Array, sel: ReturnType<typeof selector>) {
  const params = initNetParams(spec, createRng(3));
  const o = new OnnxOps();
  const xs = o.g.input('x', [1, ...inputShape(spec.input)]);
  const rs = o.g.input('r', sel.shape);
  const ps = Object.fromEntries(
    Object.entries(params).map(([k, v]) => [k, o.constant(v.data, v.shape)]),
  );
  const [dx] = o.g.gradients(program(o, spec, xs, rs, ps), [xs]);
  o.g.output('dx', dx!);
  const graph = await compileGraph(o.g.encode('no-future'), { threads: 1 });
  const out = new Float32Array(x.length);
  await graph.run(
    { x: { data: x, dims: xs.shape }, r: { data: sel.r, dims: sel.shape } },
    { dx: { data: out, dims: xs.shape } },
  );
  await graph.dispose();
  return out;
}

function gradTfjs(spec: NetSpec, x: Float32Array, sel: ReturnType<typeof selector>) {
  const params = initNetParams(spec, createRng(3));
  const o = new TfjsOps(tf);
  return tf.tidy(() => {
    const ps = Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, tf.tensor(v.data, v.shape)]),
    );
    const r = tf.tensor(sel.r, sel.shape);
    const { grads } = o.valueAndGrads(
      ([xt]) => ({ value: program(o, spec, xt!, r, ps) }),
      [tf.tensor(x, [1, ...inputShape(spec.input)])],
    );
    return Float32Array.from(grads[0]!.dataSync());
  });
}

const runtimes = [
  ['onnxruntime', gradOnnx],
  [
    'tfjs',
    (s: NetSpec, x: Float32Array, sel: ReturnType<typeof selector>) =>
      Promise.resolve(gradTfjs(s, x, sel)),
  ],
] as const;

describe.each(runtimes)('no output sees its future (%s)', (_name, grad) => {
  it('PixelCNN: d logits(row, col, colour) / d image is zero at and after it, non-zero above, left and on earlier colours', async () => {
    const x = randomInput(pixelSpec, 11);
    const size = 6;
    for (const target of [
      { row: 0, col: 0, colour: 0 },
      { row: 2, col: 3, colour: 0 },
      { row: 3, col: 5, colour: 1 },
      { row: 5, col: 0, colour: 2 },
      { row: 4, col: 2, colour: 2 },
    ]) {
      const dx = await grad(pixelSpec, x, selector(pixelSpec, target));
      const at = (row: number, col: number, colour: number) =>
        dx[(colour * size + row) * size + col]!;
      const p = target.row * size + target.col;
      for (let row = 0; row < size; row++)
        for (let col = 0; col < size; col++)
          for (let colour = 0; colour < 3; colour++) {
            const q = row * size + col;
            const future = q > p || (q === p && colour >= target.colour);
            if (future)
              expect(
                at(row, col, colour),
                `${JSON.stringify(target)} ← (${row}, ${col}, ${colour})`,
              ).toBe(0);
          }
      // No blind spot: the pixel to the left, the three above (incl. up-right), earlier colours.
      const seen: [number, number][] = [
        [target.row, target.col - 1],
        [target.row - 1, target.col - 1],
        [target.row - 1, target.col],
        [target.row - 1, target.col + 1],
      ];
      for (const [row, col] of seen)
        if (row >= 0 && col >= 0 && col < size)
          for (let colour = 0; colour < 3; colour++)
            expect(
              Math.abs(at(row, col, colour)),
              `sees (${row}, ${col}, ${colour})`,
            ).toBeGreaterThan(0);
      for (let colour = 0; colour < target.colour; colour++)
        expect(Math.abs(at(target.row, target.col, colour))).toBeGreaterThan(0);
    }
  });

  it('text: d logits(token t) / d tokens is zero after t and non-zero at and before t', async () => {
    const x = randomInput(textSpec, 12);
    for (const token of [0, 2, 5]) {
      const dx = await grad(textSpec, x, selector(textSpec, { token }));
      for (let t = 0; t < 6; t++) {
        const size = Math.max(...Array.from({ length: 5 }, (_, k) => Math.abs(dx[t * 5 + k]!)));
        if (t > token) expect(size, `token ${token} ← ${t}`).toBe(0);
        else expect(size, `token ${token} ← ${t}`).toBeGreaterThan(0);
      }
    }
  });
});
