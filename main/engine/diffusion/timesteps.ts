import { StudioError } from '../../contract/channels';
import type { SchedulerConfig } from '../../contract/diffusion-schemas';

/**
 * The timesteps of an N-step sampling run, exactly as diffusers' set_timesteps (DDPMScheduler and
 * DDIMScheduler share it), in descending order:
 *
 * - leading:  (arange(N) * (T // N)) reversed, plus steps_offset
 * - trailing: round(arange(T, 0, -T / N)) - 1
 * - linspace: round(linspace(0, T - 1, N)) reversed
 *
 * numpy rounds half to even and computes arange/linspace in float64 as below.
 */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** numpy.arange(start, stop, step) for floats: ceil((stop - start) / step) values start + i*delta. */
function arange(start: number, stop: number, step: number): number[] {
  const length = Math.max(0, Math.ceil((stop - start) / step));
  // numpy fills from its first two values: delta = (start + step) - start.
  const delta = start + step - start;
  return Array.from({ length }, (_, i) => start + i * delta);
}

/** numpy.linspace(start, stop, num) with endpoint. */
function linspace(start: number, stop: number, num: number): number[] {
  if (num === 1) return [start];
  const step = (stop - start) / (num - 1);
  return Array.from({ length: num }, (_, i) => (i === num - 1 ? stop : i * step + start));
}

export function samplingTimesteps(config: SchedulerConfig, steps: number): number[] {
  const T = config.num_train_timesteps;
  if (!Number.isInteger(steps) || steps < 1 || steps > T) {
    throw new StudioError(
      'BAD_REQUEST',
      `A sampling run needs 1 to ${T} steps (this model was trained with ${T} timesteps), not ${steps}.`,
    );
  }
  let timesteps: number[];
  switch (config.timestep_spacing) {
    case 'leading': {
      const ratio = Math.floor(T / steps);
      timesteps = Array.from({ length: steps }, (_, i) => i * ratio)
        .reverse()
        .map((t) => t + config.steps_offset);
      break;
    }
    case 'trailing':
      timesteps = arange(T, 0, -T / steps).map((t) => roundHalfEven(t) - 1);
      break;
    case 'linspace':
      timesteps = linspace(0, T - 1, steps)
        .map(roundHalfEven)
        .reverse();
      break;
  }
  // steps_offset can push "leading" past the last trained timestep; diffusers would index out of
  // range, so say so in words instead.
  const bad = timesteps.find((t) => t < 0 || t >= T);
  if (bad !== undefined)
    throw new StudioError(
      'BAD_REQUEST',
      `With ${steps} steps this scheduler asks for timestep ${bad}, outside 0..${T - 1}; choose another number of steps.`,
    );
  return timesteps;
}
