import { join } from 'node:path';
import { ModelLibrary } from '../../engine/library/model-library';
import { defaultDataDir } from '../../engine/paths';
import { packageRoot } from '../cli-context';
import { UsageError } from '../output';

export type EvalOptions = Record<string, string | string[] | boolean | undefined>;

export function list(v: EvalOptions[string]): string[] {
  return v === undefined || typeof v === 'boolean' ? [] : Array.isArray(v) ? v : [v];
}

export function single(options: EvalOptions, name: string, what = 'FILE'): string {
  const [v, extra] = list(options[name]);
  if (v === undefined || extra !== undefined)
    throw new UsageError(`eval needs exactly one --${name} ${what}`);
  return v;
}

export function optionalInt(options: EvalOptions, name: string, min: number): number | undefined {
  const [v] = list(options[name]);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} must be a whole number ≥ ${min}, not "${v}"`);
  return n;
}

export function optionalNumber(options: EvalOptions, name: string): number | undefined {
  const [v] = list(options[name]);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, not "${v}"`);
  return n;
}

export function choice<T extends string>(
  v: EvalOptions[string],
  allowed: readonly T[],
  fallback: T,
  name: string,
): T {
  const [s] = list(v);
  if (s === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(s))
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not "${s}"`);
  return s as T;
}

/** The data folder and a model library over it (the text commands read models directly). */
export function evalEnvironment(): { dataDir: string; library: ModelLibrary } {
  const dataDir = defaultDataDir();
  return {
    dataDir,
    library: new ModelLibrary({ dataDir, assetsDir: join(packageRoot(), 'assets') }),
  };
}
