import { toast, type ActionContext } from '../../app/context';

/** A finished export in words: under the selection and as a toast. */
export function say(ctx: ActionContext, text: string): void {
  ctx.store.setState({ exportStatus: text });
  toast(ctx, 'success', text);
}

export function savedWords(files: readonly string[], dir: string): string {
  return `Saved ${files.length} file${files.length === 1 ? '' : 's'} to ${dir}`;
}

export function downloadWords(
  count: number,
  fileName: string,
  width: number,
  height: number,
): string {
  const what =
    count === 1 ? `1 PNG (${width}×${height})` : `${count} PNGs (${width}×${height}) in one ZIP`;
  return `Downloaded ${what} as ${fileName}`;
}
