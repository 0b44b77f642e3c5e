/**
 * Value-range guessing for models whose graph does not end in a plain Tanh/Sigmoid (e.g. sigmoid*255,
 * a Clip, a linear layer). We run a few fixed-seed latents and match the observed min/max against the
 * three ranges generators actually use. When the evidence is thin, we still pick one but say so in
 * props.warnings so the user knows a manifest "range" can fix washed-out or clipped colours.
 */
export type Range = [number, number];
export interface RangeGuess {
  range: Range;
  warnings: string[];
}

/** How many latents a range probe runs; a handful is enough to see the extremes of most generators. */
export const PROBE_COUNT = 4;
export const PROBE_SEED = 0x5eed;

/** Standard-normal latents from a fixed seed (mulberry32 + Box-Muller): same probe on every load. */
export function probeLatents(latentDim: number, count: number, seed = PROBE_SEED): Float32Array {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296; // (0,1): log() below never sees 0
  };
  const z = new Float32Array(latentDim * count);
  for (let i = 0; i < z.length; i++)
    z[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return z;
}

export function minMax(values: Float32Array): { min: number; max: number; finite: boolean } {
  let min = Infinity;
  let max = -Infinity;
  let finite = true;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      finite = false;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max, finite };
}

const SLACK = 0.01; // float noise around exact bounds (e.g. 1.0000001 from a fused op)

export function guessRange(values: Float32Array): RangeGuess {
  const { min, max, finite } = minMax(values);
  const warnings: string[] = [];
  if (!finite) warnings.push('sample outputs contained NaN or infinite values');
  if (!(min <= max))
    return {
      range: [-1, 1],
      warnings: [...warnings, 'could not read any output values; assumed range [-1,1]'],
    };

  const seen = `saw ${min.toPrecision(3)}..${max.toPrecision(3)}`;
  let range: Range;
  if (min >= -1 - SLACK && max <= 1 + SLACK) range = min < -SLACK ? [-1, 1] : [0, 1];
  else if (min >= -255 * SLACK && max <= 255 * (1 + SLACK)) range = [0, 255];
  else {
    // Nothing standard fits: stretch what we saw, which at least shows the structure of the output.
    range = [min, max];
    warnings.push(
      `output values fit no usual range (${seen}); scaling by the sampled min/max — set "range" in a manifest`,
    );
    return { range, warnings };
  }
  // A narrow spread inside the chosen range means a different range could equally explain it.
  if ((max - min) / (range[1] - range[0]) < 0.5) {
    warnings.push(
      `output range guessed as [${range.join(',')}] from samples (${seen}); set "range" in a manifest if colours look wrong`,
    );
  }
  return { range, warnings };
}
