import { StudioError } from '../contract/channels';
import type { DispatchResult } from '../contract/dispatch';

/** Prints a command's result: one JSON object with --json, else readable lines. */
export function printResult(json: boolean, value: unknown, human: () => string): void {
  // JSON escapes control characters itself; readable lines may carry text from files (model
  // names, PNG metadata), so terminal escape codes in them are shown, never obeyed.
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${forTerminal(human())}\n`);
}

/**
 * Text safe to print to a terminal: escape sequences (ESC …, CSI, OSC) and other control
 * characters become visible `\x1b`-style escapes; newlines and tabs stay.
 */
export function forTerminal(text: string): string {
  return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** Unwraps a dispatch result, turning a typed error into a StudioError the entry point reports. */
export function unwrap<T>(result: DispatchResult): T {
  if (!result.ok) throw new StudioError(result.error.code, result.error.message);
  return result.value as T;
}

export class UsageError extends Error {}
