import type { Sym } from './graph';
import type { OnnxOps } from './onnx-ops';

/**
 * Elementwise ops and their derivatives. Binary ops broadcast as numpy does; a broadcast input's
 * gradient is summed back to its own shape (unbroadcast).
 */

export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1)
      throw new Error(`Shapes [${a.join(', ')}] and [${b.join(', ')}] do not broadcast.`);
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Sums `d` over the axes that broadcasting added or stretched, back to `shape`. */
export function unbroadcast(o: OnnxOps, d: Sym, shape: readonly number[]): Sym {
  const lead = d.shape.length - shape.length;
  const axes: number[] = [];
  d.shape.forEach((size, i) => {
    if (i < lead || (shape[i - lead] === 1 && size !== 1)) axes.push(i);
  });
  if (axes.length === 0) return d;
  const summed = o.sum(d, axes, true);
  return lead > 0 ? o.reshape(summed, shape) : summed;
}

export function unary(
  o: OnnxOps,
  opType: string,
  x: Sym,
  derivative: ((x: Sym, y: Sym, dy: Sym) => Sym) | null,
  attrs: Parameters<OnnxOps['g']['emit']>[3] = {},
): Sym {
  const [y] = o.g.emit(opType, [x], [{ shape: x.shape }], attrs);
  if (derivative) o.g.record([x], [y!], ([dy]) => [dy ? derivative(x, y!, dy) : null]);
  return y!;
}

export function binary(
  o: OnnxOps,
  opType: string,
  a: Sym,
  b: Sym,
  derivative: (a: Sym, b: Sym, y: Sym, dy: Sym, needs: readonly boolean[]) => (Sym | null)[],
): Sym {
  const shape = broadcastShapes(a.shape, b.shape);
  const [y] = o.g.emit(opType, [a, b], [{ shape }]);
  o.g.record([a, b], [y!], ([dy], needs) => {
    if (!dy) return [null, null];
    const [da, db] = derivative(a, b, y!, dy, needs);
    return [da ? unbroadcast(o, da, a.shape) : null, db ? unbroadcast(o, db, b.shape) : null];
  });
  return y!;
}

/** 1.0 where `x op 0` holds, else 0.0 (a float mask for derivatives). */
function mask(
  o: OnnxOps,
  opType: 'Greater' | 'GreaterOrEqual' | 'LessOrEqual',
  x: Sym,
  at: Sym,
): Sym {
  const [cond] = o.g.emit(opType, [x, at], [{ shape: x.shape, dtype: 'bool' }]);
  return o.g.emit('Cast', [cond!], [{ shape: x.shape }], { to: { i: 1 } })[0]!;
}

export function elementwiseOps(o: OnnxOps) {
  const one = () => o.scalar(1);
  return {
    add: (a: Sym, b: Sym): Sym => binary(o, 'Add', a, b, (_a, _b, _y, dy) => [dy, dy]),
    sub: (a: Sym, b: Sym): Sym =>
      binary(o, 'Sub', a, b, (_a, _b, _y, dy, needs) => [dy, needs[1] ? o.neg(dy) : null]),
    mul: (a: Sym, b: Sym): Sym =>
      binary(o, 'Mul', a, b, (x, w, _y, dy, needs) => [
        needs[0] ? o.mul(dy, w) : null,
        needs[1] ? o.mul(dy, x) : null,
      ]),
    div: (a: Sym, b: Sym): Sym =>
      binary(o, 'Div', a, b, (_x, w, y, dy, needs) => [
        needs[0] ? o.div(dy, w) : null,
        needs[1] ? o.neg(o.div(o.mul(dy, y), w)) : null,
      ]),
    neg: (x: Sym): Sym => unary(o, 'Neg', x, (_x, _y, dy) => o.neg(dy)),
    exp: (x: Sym): Sym => unary(o, 'Exp', x, (_x, y, dy) => o.mul(dy, y)),
    log: (x: Sym): Sym => unary(o, 'Log', x, (xx, _y, dy) => o.div(dy, xx)),
    sqrt: (x: Sym): Sym => unary(o, 'Sqrt', x, (_x, y, dy) => o.div(o.mul(dy, o.scalar(0.5)), y)),
    square: (x: Sym): Sym => o.mul(x, x),
    abs: (x: Sym): Sym => unary(o, 'Abs', x, (xx, _y, dy) => o.mul(dy, o.sign(xx))),
    tanh: (x: Sym): Sym => unary(o, 'Tanh', x, (_x, y, dy) => o.mul(dy, o.sub(one(), o.mul(y, y)))),
    sigmoid: (x: Sym): Sym =>
      unary(o, 'Sigmoid', x, (_x, y, dy) => o.mul(o.mul(dy, y), o.sub(one(), y))),
    // relu' is 1 where y > 0; Sign(y) is exactly that mask, since y ≥ 0.
    relu: (x: Sym): Sym => unary(o, 'Relu', x, (_x, y, dy) => o.mul(dy, o.sign(y))),
    leakyRelu: (x: Sym, alpha: number): Sym =>
      unary(
        o,
        'LeakyRelu',
        x,
        (xx, _y, dy) => {
          const [cond] = o.g.emit(
            'Greater',
            [xx, o.scalar(0)],
            [{ shape: xx.shape, dtype: 'bool' }],
          );
          return o.g.emit(
            'Where',
            [cond!, dy, o.mul(dy, o.scalar(alpha))],
            [{ shape: dy.shape }],
          )[0]!;
        },
        { alpha: { f: alpha } },
      ),
    softplus: (x: Sym): Sym => unary(o, 'Softplus', x, (xx, _y, dy) => o.mul(dy, o.sigmoid(xx))),
    sin: (x: Sym): Sym => unary(o, 'Sin', x, (xx, _y, dy) => o.mul(dy, o.cos(xx))),
    cos: (x: Sym): Sym => unary(o, 'Cos', x, (xx, _y, dy) => o.neg(o.mul(dy, o.sin(xx)))),
    clip: (x: Sym, lo: number, hi: number): Sym => {
      const [low, high] = [o.scalar(lo), o.scalar(hi)];
      const [y] = o.g.emit('Clip', [x, low, high], [{ shape: x.shape }]);
      // Gradient 1 inside [lo, hi], boundaries included (as PyTorch's clamp and tfjs do).
      o.g.record([x], [y!], ([dy]) => [
        dy
          ? o.mul(o.mul(dy, mask(o, 'GreaterOrEqual', x, low)), mask(o, 'LessOrEqual', x, high))
          : null,
      ]);
      return y!;
    },
  };
}
