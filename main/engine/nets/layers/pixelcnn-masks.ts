/**
 * The constant masks of a gated PixelCNN (van den Oord et al. 2016), multiplied into the conv
 * weights inside each layer so the training-graph compiler differentiates through them (masked
 * taps get zero gradient). Colour channels are ordered R → G → B within a pixel: every feature
 * channel belongs to a colour group, and at the centre tap a group-g output may read input groups
 * below g (mask type A, the first layer) or up to g (type B, later layers). With one colour
 * (greyscale) there is a single group.
 *
 * Stacks (no blind spot): the vertical stack's k×k kernel reads the rows up to and including its
 * own; it reaches the horizontal stack only through a 2×1 link whose lower tap is masked off and
 * whose input is padded by one row at the top, i.e. the horizontal stack at row i sees the
 * vertical stack of row i − 1. The horizontal stack's 1×k kernel reads columns left of (and, by the
 * group rule, at) its own.
 */

/** Colour group of channel c among `count` channels split into `groups` (contiguous blocks). */
export function groupOf(c: number, count: number, groups: number): number {
  return Math.floor((c * groups) / count);
}

/** Group of a gate's pre-activation channel: both halves (tanh and sigmoid) share the groups. */
export function gateGroupOf(c: number, features: number, groups: number): number {
  return groupOf(c % features, features, groups);
}

export type GroupFn = (c: number) => number;

function fill(
  shape: [number, number, number, number],
  keep: (o: number, i: number, y: number, x: number) => boolean,
): Float32Array {
  const [co, ci, kh, kw] = shape;
  const out = new Float32Array(co * ci * kh * kw);
  let at = 0;
  for (let o = 0; o < co; o++)
    for (let i = 0; i < ci; i++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++) out[at++] = keep(o, i, y, x) ? 1 : 0;
  return out;
}

/** Vertical stack, k×k: rows up to and including the centre row, every channel. */
export function verticalMask(out: number, inp: number, k: number): Float32Array {
  const c = Math.floor(k / 2);
  return fill([out, inp, k, k], (_o, _i, y) => y <= c);
}

/** Horizontal stack, 1×k: columns left of the centre; at the centre the group rule of `type`. */
export function horizontalMask(
  out: number,
  inp: number,
  k: number,
  type: 'A' | 'B',
  outGroup: GroupFn,
  inGroup: GroupFn,
): Float32Array {
  const c = Math.floor(k / 2);
  return fill([out, inp, 1, k], (o, i, _y, x) => {
    if (x < c) return true;
    if (x > c) return false;
    return type === 'A' ? outGroup(o) > inGroup(i) : outGroup(o) >= inGroup(i);
  });
}

/** Vertical → horizontal link, 2×1 with one row of top padding: only the upper tap (row i − 1). */
export function linkMask(out: number, inp: number): Float32Array {
  return fill([out, inp, 2, 1], (_o, _i, y) => y === 0);
}

/** A 1×1 conv inside the horizontal stack: group rule B. */
export function pointMask(
  out: number,
  inp: number,
  outGroup: GroupFn,
  inGroup: GroupFn,
): Float32Array {
  return fill([out, inp, 1, 1], (o, i) => outGroup(o) >= inGroup(i));
}
