import { toast, type ActionContext } from '../../app/context';

/** A finished export in words: under the selection and as a toast. */
export function say(ctx: ActionContext, text: string): void {
  ctx.store.setState({ exportStatus: text });
  toast(ctx, 'success', text);
}

export function savedWords(files: readonly string[], dir: string): string {
  return `Saved ${files.length} file${files.length === 1 ? '' : 's'} to ${dir}`;
}
