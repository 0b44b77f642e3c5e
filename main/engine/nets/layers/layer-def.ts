import type { Ops } from '../../autodiff/ops';

/**
 * How one layer kind behaves, in one place: the shape it makes, the parameters it owns and its
 * forward pass (written against Ops, so every runtime runs the same code). Kinds are registered
 * in registry.ts; a new kind is a new file there.
 */
export type ActShape = readonly number[]; // per sample: [features] or [C, H, W] (or [T, D])

export interface ParamSpec {
  shape: number[];
  /** How a fresh value is drawn (net-params.ts): a weight, zeros, ones, or a BN gamma (≈ 1). */
  init: 'weight' | 'zero' | 'one' | 'gamma';
  /** Not updated by gradients (batch-norm running statistics, masks). */
  frozen?: boolean;
  /** Fan-in and fan-out, for Glorot-uniform weights. */
  fans?: [number, number];
}

export interface ShapeContext {
  index: number;
  /** Shapes of named values (network inputs, saved activations). */
  slots: Map<string, ActShape>;
}

export interface ApplyContext<T> {
  o: Ops<T>;
  index: number;
  mode: 'train' | 'infer';
  slots: Map<string, T>;
  onBatchStats?: (layer: number, mean: T, variance: T) => void;
}

export interface LayerDef<L> {
  shape(layer: L, input: ActShape, ctx: ShapeContext): ActShape;
  /** Parameters by local name (stored as "<layer index>.<name>"). */
  params?(layer: L, input: ActShape, ctx: ShapeContext): Record<string, ParamSpec>;
  apply<T>(layer: L, x: T, p: (name: string) => T, ctx: ApplyContext<T>): T;
}

export function layerError(index: number, kind: string, why: string): Error {
  return new Error(`Layer ${index} (${kind}): ${why}.`);
}

export function asImage(index: number, kind: string, s: ActShape): [number, number, number] {
  if (s.length !== 3) throw layerError(index, kind, `needs an image input, got [${s.join(', ')}]`);
  return s as [number, number, number];
}
