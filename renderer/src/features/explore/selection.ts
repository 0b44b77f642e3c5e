import { setDoc, type ActionContext } from '../../app/context';
import type { DocImage } from '../../store/doc';
import { addImages } from './sampling';

export type SelectMode = 'single' | 'toggle' | 'range';

/** The selection after a click: pure, so it is easy to pin. */
export function nextSelection(
  selection: readonly string[],
  key: string,
  mode: SelectMode,
  order: readonly string[],
): string[] {
  if (mode === 'single') return [key];
  if (mode === 'toggle')
    return selection.includes(key) ? selection.filter((k) => k !== key) : [...selection, key];
  const last = selection[selection.length - 1];
  const from = last === undefined ? -1 : order.indexOf(last);
  const to = order.indexOf(key);
  if (from < 0 || to < 0) return [...selection.filter((k) => k !== key), key];
  const step = from <= to ? 1 : -1;
  const range: string[] = [];
  for (let i = from; i !== to + step; i += step) range.push(order[i]!);
  return [...selection.filter((k) => !range.includes(k)), ...range];
}

/**
 * Click selects just that tile; ctrl/cmd-click toggles; shift-click selects the range from the last
 * selected tile within `order` (the visible tiles), keeping selection order for strips.
 */
export function select(
  ctx: ActionContext,
  key: string,
  mode: SelectMode,
  order: readonly string[],
  /** The image, when it may not be in the document yet (a favourite of another session). */
  image?: DocImage,
): void {
  setDoc(ctx, (doc) => ({
    selection: nextSelection(doc.selection, key, mode, order),
    ...(image && !doc.images[key] ? { images: addImages(doc.images, [image]) } : {}),
  }));
}

export function deselect(ctx: ActionContext, key: string): void {
  setDoc(ctx, (doc) => ({ selection: doc.selection.filter((k) => k !== key) }));
}

export function selectAll(ctx: ActionContext): void {
  const { leftTab, doc } = ctx.store.getState();
  const keys = leftTab === 'kept' ? doc.kept : doc.gridKeys;
  setDoc(ctx, { selection: [...keys] });
}

export function clearSelection(ctx: ActionContext): void {
  setDoc(ctx, { selection: [] });
}
