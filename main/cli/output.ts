import { StudioError } from '../contract/channels';
import type { DispatchResult } from '../contract/dispatch';

/** Prints a command's result: one JSON object with --json, else readable lines. */
export function printResult(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
}

/** Unwraps a dispatch result, turning a typed error into a StudioError the entry point reports. */
export function unwrap<T>(result: DispatchResult): T {
  if (!result.ok) throw new StudioError(result.error.code, result.error.message);
  return result.value as T;
}

export class UsageError extends Error {}
