import type { Ops } from '../../autodiff/ops';

/**
 * The arithmetic of a diffusion training step (DDPM, Ho et al. 2020; v-prediction, Salimans &
 * Ho 2022), with a = √ᾱ_t and b = √(1 − ᾱ_t) per sample ([N, 1, 1, 1]):
 *   x_t = a·x0 + b·ε (the forward process in one jump),   v = a·ε − b·x0 (diffusers' get_velocity).
 */
export function noised<T>(o: Ops<T>, x0: T, eps: T, a: T, b: T): T {
  return o.add(o.mul(a, x0), o.mul(b, eps));
}

export function velocity<T>(o: Ops<T>, x0: T, eps: T, a: T, b: T): T {
  return o.sub(o.mul(a, eps), o.mul(b, x0));
}

/** Mean of (p − target)² over every element (PyTorch's F.mse_loss). */
export function meanSquare<T>(o: Ops<T>, p: T, target: T): T {
  const axes = [...o.shape(p).keys()];
  return o.mean(o.square(o.sub(p, target)), axes);
}
