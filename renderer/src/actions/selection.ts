import type { ActionContext } from './context';

export type SelectMode = 'single' | 'toggle' | 'range';

/**
 * Click selects just that tile; ctrl/cmd-click toggles; shift-click selects the range from the last
 * selected tile within `order` (the visible tiles), keeping selection order for strips.
 */
export function select(
  ctx: ActionContext,
  key: string,
  mode: SelectMode,
  order: readonly string[],
): void {
  const { selection } = ctx.store.get();
  if (mode === 'single') {
    ctx.store.set({ selection: [key] });
    return;
  }
  if (mode === 'toggle') {
    ctx.store.set({
      selection: selection.includes(key) ? selection.filter((k) => k !== key) : [...selection, key],
    });
    return;
  }
  const last = selection[selection.length - 1];
  const from = last === undefined ? -1 : order.indexOf(last);
  const to = order.indexOf(key);
  if (from < 0 || to < 0) {
    ctx.store.set({ selection: [...selection.filter((k) => k !== key), key] });
    return;
  }
  const step = from <= to ? 1 : -1;
  const range: string[] = [];
  for (let i = from; i !== to + step; i += step) range.push(order[i]!);
  ctx.store.set({ selection: [...selection.filter((k) => !range.includes(k)), ...range] });
}

export function selectAll(ctx: ActionContext): void {
  ctx.store.set((s) => ({ selection: s.grid.map((i) => i.key) }));
}

export function clearSelection(ctx: ActionContext): void {
  ctx.store.set({ selection: [] });
}
