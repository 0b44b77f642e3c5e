import type { Sym } from './graph';
import type { OnnxOps } from './onnx-ops';

/** Reductions and shape ops, with their derivatives. */

const normAxes = (axes: readonly number[], rank: number) =>
  [...new Set(axes.map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);

function reducedShape(shape: readonly number[], axes: readonly number[], keep: boolean): number[] {
  return keep
    ? shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : shape.filter((_d, i) => !axes.includes(i));
}

const count = (shape: readonly number[], axes: readonly number[]) =>
  axes.reduce((n, a) => n * (shape[a] ?? 1), 1);

export function shapeOps(o: OnnxOps) {
  const { g } = o;

  /** dy of a reduction, broadcast back over the reduced axes. */
  const spread = (dy: Sym, x: Sym, axes: number[], keep: boolean): Sym =>
    o.expand(keep ? dy : o.reshape(dy, reducedShape(x.shape, axes, true)), x.shape);

  return {
    sum(x: Sym, axesIn: readonly number[], keepDims = false): Sym {
      const axes = normAxes(axesIn, x.shape.length);
      const [y] = g.emit(
        'ReduceSum',
        [x, g.int64(axes)],
        [{ shape: reducedShape(x.shape, axes, keepDims) }],
        {
          keepdims: { i: keepDims ? 1 : 0 },
        },
      );
      g.record([x], [y!], ([dy]) => [dy ? spread(dy, x, axes, keepDims) : null]);
      return y!;
    },

    mean(x: Sym, axesIn: readonly number[], keepDims = false): Sym {
      const axes = normAxes(axesIn, x.shape.length);
      const [y] = g.emit('ReduceMean', [x], [{ shape: reducedShape(x.shape, axes, keepDims) }], {
        axes: { ints: axes },
        keepdims: { i: keepDims ? 1 : 0 },
      });
      const scale = 1 / count(x.shape, axes);
      g.record([x], [y!], ([dy]) => [
        dy ? o.mul(spread(dy, x, axes, keepDims), o.scalar(scale)) : null,
      ]);
      return y!;
    },

    /** Numpy broadcast of x to `shape` (a reduction's derivative). */
    expand(x: Sym, shape: readonly number[]): Sym {
      if (x.shape.join(',') === shape.join(',')) return x;
      const [y] = g.emit('Expand', [x, g.int64(shape)], [{ shape }]);
      g.record([x], [y!], ([dy]) => [dy ? o.unbroadcast(dy, x.shape) : null]);
      return y!;
    },

    /**
     * Reshape; a leading dimension equal to the input's is written as 0 ("copy"), so graphs whose
     * reshapes keep the batch axis also run at other batch sizes (exported models).
     */
    reshape(x: Sym, shapeIn: readonly number[]): Sym {
      const size = x.shape.reduce((a, b) => a * b, 1);
      const known = shapeIn.reduce((a, b) => (b === -1 ? a : a * b), 1);
      const shape = shapeIn.map((d) => (d === -1 ? size / known : d));
      if (shape.reduce((a, b) => a * b, 1) !== size)
        throw new Error(`Cannot reshape [${x.shape.join(', ')}] to [${shapeIn.join(', ')}].`);
      if (shape.join(',') === x.shape.join(',')) return x;
      const target = shape.map((d, i) => (i === 0 && d === x.shape[0] ? 0 : d));
      const [y] = g.emit('Reshape', [x, g.int64(target)], [{ shape }]);
      g.record([x], [y!], ([dy]) => [dy ? o.reshape(dy, x.shape) : null]);
      return y!;
    },

    transpose(x: Sym, perm: readonly number[]): Sym {
      const shape = perm.map((p) => x.shape[p]!);
      const [y] = g.emit('Transpose', [x], [{ shape }], { perm: { ints: [...perm] } });
      const inverse = perm.map((_p, i) => perm.indexOf(i));
      g.record([x], [y!], ([dy]) => [dy ? o.transpose(dy, inverse) : null]);
      return y!;
    },

    concat(xs: readonly Sym[], axisIn: number): Sym {
      const first = xs[0];
      if (!first) throw new Error('concat needs at least one tensor.');
      const axis = axisIn < 0 ? axisIn + first.shape.length : axisIn;
      const shape = [...first.shape];
      shape[axis] = xs.reduce((n, x) => n + x.shape[axis]!, 0);
      const [y] = g.emit('Concat', xs, [{ shape }], { axis: { i: axis } });
      g.record(xs, [y!], ([dy], needs) => {
        let at = 0;
        return xs.map((x, k) => {
          const start = at;
          at += x.shape[axis]!;
          return dy && needs[k] ? o.slice(dy, axis, start, at) : null;
        });
      });
      return y!;
    },

    slice(x: Sym, axisIn: number, start: number, end: number): Sym {
      const axis = axisIn < 0 ? axisIn + x.shape.length : axisIn;
      const shape = [...x.shape];
      shape[axis] = end - start;
      const [y] = g.emit(
        'Slice',
        [x, g.int64([start]), g.int64([end]), g.int64([axis])],
        [{ shape }],
      );
      g.record([x], [y!], ([dy]) => {
        if (!dy) return [null];
        const pads = new Array<number>(2 * x.shape.length).fill(0);
        pads[axis] = start;
        pads[axis + x.shape.length] = x.shape[axis]! - end;
        return [g.emit('Pad', [dy, g.int64(pads)], [{ shape: x.shape }])[0]!];
      });
      return y!;
    },
  };
}
