import type { BatchMoments, ConvOptions } from './ops';
import type { Sym } from './graph';
import type { OnnxOps } from './onnx-ops';
import { fitsWeightGradByPatches, weightGradByPatches } from './conv-weight-grad';

/**
 * Network ops and their derivatives, all written with ordinary ONNX inference operators:
 *   conv:      dX = ConvTranspose(dY, W),  dW = Conv(Xᵀ, dYᵀ, dilations = strides)ᵀ
 *              (stride 1: dW = Σₙ dYₙ · patches(Xₙ)ᵀ, matrix products; conv-weight-grad.ts)
 *   convT:     dX = Conv(dY, W),           dW = Conv(dYᵀ, Xᵀ, dilations = strides)ᵀ
 * (ᵀ swaps the batch and channel axes), checked against PyTorch autograd in the tests.
 */

const swap01 = [1, 0, 2, 3];

function convOut(size: number, k: number, s: number, before: number, after: number): number {
  return Math.floor((size + before + after - k) / s) + 1;
}

function convAttrs(k: readonly number[], o: ConvOptions, dilations?: readonly number[]) {
  return {
    kernel_shape: { ints: [...k] },
    strides: { ints: [...o.strides] },
    pads: { ints: [...o.pads] },
    ...(dilations && { dilations: { ints: [...dilations] } }),
  };
}

/** Bias [C] added to NCHW (the conv ops' own bias input, so ORT fuses it). */
const biasGrad = (o: OnnxOps, dy: Sym) => o.sum(dy, [0, 2, 3]);

export function nnOps(o: OnnxOps) {
  const { g } = o;

  function conv2d(x: Sym, w: Sym, b: Sym | null, opt: ConvOptions): Sym {
    const [n, , h, wd] = x.shape as [number, number, number, number];
    const [k, c, kh, kw] = w.shape as [number, number, number, number];
    if (x.shape[1] !== c) throw new Error(`conv2d: input has ${x.shape[1]} channels, weight ${c}.`);
    const [pt, pl, pb, pr] = opt.pads;
    const [sh, sw] = opt.strides;
    const shape = [n, k, convOut(h, kh, sh, pt, pb), convOut(wd, kw, sw, pl, pr)];
    const [y] = g.emit('Conv', b ? [x, w, b] : [x, w], [{ shape }], convAttrs([kh, kw], opt));
    g.record(b ? [x, w, b] : [x, w], [y!], ([dy], needs) => {
      if (!dy) return [null, null, null];
      const outPad = [
        h - (sh * (shape[2]! - 1) + kh - pt - pb),
        wd - (sw * (shape[3]! - 1) + kw - pl - pr),
      ];
      const dx = needs[0]
        ? g.emit('ConvTranspose', [dy, w], [{ shape: x.shape }], {
            ...convAttrs([kh, kw], opt),
            output_padding: { ints: outPad },
          })[0]!
        : null;
      let dw: Sym | null = null;
      if (
        needs[1] &&
        fitsWeightGradByPatches(x.shape, [kh, kw], opt.strides, [shape[2]!, shape[3]!])
      )
        dw = weightGradByPatches(g, x, dy, [kh, kw], opt.strides, opt.pads);
      else if (needs[1]) {
        const xt = o.transpose(x, swap01);
        const dyt = o.transpose(dy, swap01);
        const full = [h + pt + pb - sh * (shape[2]! - 1), wd + pl + pr - sw * (shape[3]! - 1)];
        // Stride-s sampling of the padded input = dilation-s sampling by the output gradient.
        const [raw] = g.emit('Conv', [xt, dyt], [{ shape: [c, k, full[0]!, full[1]!] }], {
          ...convAttrs([dyt.shape[2]!, dyt.shape[3]!], { strides: [1, 1], pads: opt.pads }, [
            sh,
            sw,
          ]),
        });
        let cropped = raw!;
        if (full[0]! > kh) cropped = o.slice(cropped, 2, 0, kh);
        if (full[1]! > kw) cropped = o.slice(cropped, 3, 0, kw);
        dw = o.transpose(cropped, swap01);
      }
      return [dx, dw, b && needs[2] ? biasGrad(o, dy) : null];
    });
    return y!;
  }

  function convTranspose2d(x: Sym, w: Sym, b: Sym | null, opt: ConvOptions): Sym {
    const [n, c, h, wd] = x.shape as [number, number, number, number];
    const [cw, k, kh, kw] = w.shape as [number, number, number, number];
    if (c !== cw) throw new Error(`convTranspose2d: input has ${c} channels, weight ${cw}.`);
    const [pt, pl, pb, pr] = opt.pads;
    const [sh, sw] = opt.strides;
    const shape = [n, k, sh * (h - 1) + kh - pt - pb, sw * (wd - 1) + kw - pl - pr];
    const [y] = g.emit(
      'ConvTranspose',
      b ? [x, w, b] : [x, w],
      [{ shape }],
      convAttrs([kh, kw], opt),
    );
    g.record(b ? [x, w, b] : [x, w], [y!], ([dy], needs) => {
      if (!dy) return [null, null, null];
      const dx = needs[0]
        ? g.emit('Conv', [dy, w], [{ shape: x.shape }], convAttrs([kh, kw], opt))[0]!
        : null;
      let dw: Sym | null = null;
      if (needs[1]) {
        const dyt = o.transpose(dy, swap01);
        const xt = o.transpose(x, swap01);
        const [raw] = g.emit('Conv', [dyt, xt], [{ shape: [k, c, kh, kw] }], {
          ...convAttrs([h, wd], { strides: [1, 1], pads: opt.pads }, [sh, sw]),
        });
        dw = o.transpose(raw!, swap01);
      }
      return [dx, dw, b && needs[2] ? biasGrad(o, dy) : null];
    });
    return y!;
  }

  return {
    conv2d,
    convTranspose2d,

    matmul(a: Sym, b: Sym): Sym {
      const batch = o.broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
      const shape = [...batch, a.shape[a.shape.length - 2]!, b.shape[b.shape.length - 1]!];
      const [y] = g.emit('MatMul', [a, b], [{ shape }]);
      const swapLast = (r: number) => [...Array(r - 2).keys(), r - 1, r - 2];
      g.record([a, b], [y!], ([dy], needs) => [
        dy && needs[0]
          ? o.unbroadcast(o.matmul(dy, o.transpose(b, swapLast(b.shape.length))), a.shape)
          : null,
        dy && needs[1]
          ? o.unbroadcast(o.matmul(o.transpose(a, swapLast(a.shape.length)), dy), b.shape)
          : null,
      ]);
      return y!;
    },

    dense(x: Sym, w: Sym, b: Sym | null): Sym {
      const shape = [x.shape[0]!, w.shape[1]!];
      const [y] = g.emit('Gemm', b ? [x, w, b] : [x, w], [{ shape }]);
      g.record(b ? [x, w, b] : [x, w], [y!], ([dy], needs) => {
        if (!dy) return [null, null, null];
        return [
          needs[0] ? g.emit('Gemm', [dy, w], [{ shape: x.shape }], { transB: { i: 1 } })[0]! : null,
          needs[1] ? g.emit('Gemm', [x, dy], [{ shape: w.shape }], { transA: { i: 1 } })[0]! : null,
          b && needs[2] ? o.sum(dy, [0]) : null,
        ];
      });
      return y!;
    },

    depthToSpace(x: Sym, block: number): Sym {
      const [n, c, h, w] = x.shape as [number, number, number, number];
      const shape = [n, c / (block * block), h * block, w * block];
      const [y] = g.emit('DepthToSpace', [x], [{ shape }], {
        blocksize: { i: block },
        mode: { s: 'DCR' },
      });
      g.record([x], [y!], ([dy]) => [
        dy
          ? g.emit('SpaceToDepth', [dy], [{ shape: x.shape }], { blocksize: { i: block } })[0]!
          : null,
      ]);
      return y!;
    },

    batchNorm(x: Sym, gamma: Sym, beta: Sym, epsilon: number): BatchMoments<Sym> {
      const axes = x.shape.length === 4 ? [0, 2, 3] : [0];
      const per = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      // Forward from raw nodes; the derivative below is the closed form, not the tape's.
      const raw = (op: string, ins: Sym[], shape: readonly number[], attrs = {}) =>
        g.emit(op, ins, [{ shape }], attrs)[0]!;
      const reduce = (t: Sym) =>
        raw('ReduceMean', [t], per, { axes: { ints: axes }, keepdims: { i: 1 } });
      const mean = reduce(x);
      const xc = raw('Sub', [x, mean], x.shape);
      const variance = reduce(raw('Mul', [xc, xc], x.shape));
      const inv = raw(
        'Reciprocal',
        [raw('Sqrt', [raw('Add', [variance, o.scalar(epsilon)], per)], per)],
        per,
      );
      const xhat = raw('Mul', [xc, inv], x.shape);
      const gammaB = o.reshape(gamma, per);
      const y = raw('Add', [raw('Mul', [xhat, gammaB], x.shape), o.reshape(beta, per)], x.shape);
      const c = [x.shape[1]!];
      const meanOut = raw('Reshape', [mean, g.int64(c)], c);
      const varOut = raw('Reshape', [variance, g.int64(c)], c);
      g.record([x, gamma, beta], [y], ([dy], needs) => {
        if (!dy) return [null, null, null];
        const dxhat = o.mul(dy, gammaB);
        const dx = needs[0]
          ? o.mul(
              inv,
              o.sub(
                o.sub(dxhat, o.mean(dxhat, axes, true)),
                o.mul(xhat, o.mean(o.mul(dxhat, xhat), axes, true)),
              ),
            )
          : null;
        return [
          dx,
          needs[1] ? o.sum(o.mul(dy, xhat), axes) : null,
          needs[2] ? o.sum(dy, axes) : null,
        ];
      });
      return { y, mean: meanOut, variance: varOut };
    },

    batchNormInference(
      x: Sym,
      gamma: Sym,
      beta: Sym,
      mean: Sym,
      variance: Sym,
      epsilon: number,
    ): Sym {
      const [y] = g.emit(
        'BatchNormalization',
        [x, gamma, beta, mean, variance],
        [{ shape: x.shape }],
        {
          epsilon: { f: epsilon },
        },
      );
      g.record([x, gamma, beta], [y!], ([dy], needs) => {
        if (!dy) return [null, null, null];
        const per = x.shape.map((d, i) => (i === 1 ? d : 1));
        const inv = o.div(o.scalar(1), o.sqrt(o.add(o.reshape(variance, per), o.scalar(epsilon))));
        const axes = x.shape.length === 4 ? [0, 2, 3] : [0];
        const xhat = o.mul(o.sub(x, o.reshape(mean, per)), inv);
        return [
          needs[0] ? o.mul(dy, o.mul(o.reshape(gamma, per), inv)) : null,
          needs[1] ? o.sum(o.mul(dy, xhat), axes) : null,
          needs[2] ? o.sum(dy, axes) : null,
        ];
      });
      return y!;
    },

    softmax(x: Sym, axis: number): Sym {
      const [y] = g.emit('Softmax', [x], [{ shape: x.shape }], { axis: { i: axis } });
      g.record([x], [y!], ([dy]) => [
        dy ? o.mul(y!, o.sub(dy, o.sum(o.mul(dy, y!), [axis], true))) : null,
      ]);
      return y!;
    },

    logSoftmax(x: Sym, axis: number): Sym {
      const [y] = g.emit('LogSoftmax', [x], [{ shape: x.shape }], { axis: { i: axis } });
      g.record([x], [y!], ([dy]) => [
        dy ? o.sub(dy, o.mul(o.exp(y!), o.sum(dy, [axis], true))) : null,
      ]);
      return y!;
    },

    gatherPixels(x: Sym, index: Sym): Sym {
      const [n, c, h, w] = x.shape as [number, number, number, number];
      const flat = o.reshape(x, [n, c, h * w]);
      const padded = o.concat([flat, g.fill([n, c, 1], 0)], 2);
      const [idx3] = g.emit(
        'Unsqueeze',
        [index, g.int64([1])],
        [{ shape: [n, 1, h * w], dtype: 'int64' }],
      );
      const [idx] = g.emit(
        'Expand',
        [idx3!, g.int64([n, c, h * w])],
        [{ shape: [n, c, h * w], dtype: 'int64' }],
      );
      const [y] = g.emit('GatherElements', [padded, idx!], [{ shape: [n, c, h * w] }], {
        axis: { i: 2 },
      });
      g.record([padded], [y!], ([dy]) => {
        if (!dy) return [null];
        const zeros = g.fill(padded.shape, 0);
        return [
          g.emit('ScatterElements', [zeros, idx!, dy], [{ shape: padded.shape }], {
            axis: { i: 2 },
            reduction: { s: 'add' },
          })[0]!,
        ];
      });
      return o.reshape(y!, [n, c, h, w]);
    },
  };
}
