import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useActions, useStudioState } from '../../app/StudioContext';
import { gridLayout } from '../../geometry';
import { isFavourite } from '../../store/selectors';
import type { Item } from '../../store/state';
import type { SelectMode } from './selection';
import { Tile } from './Tile';

const modeOf = (e: MouseEvent | KeyboardEvent): SelectMode =>
  e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'single';

/**
 * Tiles of images by key: click selects, Ctrl/Shift-click adds, double-click shows it large.
 * The arrow keys move between tiles (one tab stop for the whole grid), Enter or Space selects.
 */
export function ImageGrid({
  keys,
  empty,
  testPrefix,
  favourites: fromFavourites = false,
}: {
  keys: readonly string[];
  empty: string;
  testPrefix: string;
  favourites?: boolean;
}) {
  const actions = useActions();
  const images = useStudioState((s) => s.doc.images);
  const frames = useStudioState((s) => s.frames);
  const favouriteItems = useStudioState((s) => s.favouriteItems);
  const selection = useStudioState((s) => s.doc.selection);
  const favourites = useStudioState((s) => s.favourites);
  // A string (compared by value), so dragging anchors around does not re-render the grid.
  const placedKeys = useStudioState((s) => s.doc.anchors.map((a) => a.key).join('\n'));
  const placed = new Set(placedKeys.split('\n'));
  const items = useMemo(() => {
    const out: Item[] = [];
    for (const key of keys) {
      const fav = fromFavourites ? favouriteItems.find((i) => i.key === key) : undefined;
      const image = fav ?? images[key];
      const frame = fav?.frame ?? frames[key];
      if (image && frame) out.push({ ...image, frame });
    }
    return out;
  }, [keys, images, frames, favouriteItems, fromFavourites]);
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(320);
  const [focus, setFocus] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth - 26));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const layout = gridLayout(items.length, width, { minTile: 92, maxTile: 180, gap: 8 });
  const order = items.map((i) => i.key);
  const active = Math.min(focus, Math.max(0, items.length - 1));
  const moveFocus = (e: KeyboardEvent, index: number) => {
    const step: Record<string, number> = {
      ArrowLeft: -1,
      ArrowRight: 1,
      ArrowUp: -layout.cols,
      ArrowDown: layout.cols,
      Home: -index,
      End: items.length - 1 - index,
    };
    const delta = step[e.key];
    if (delta === undefined) return;
    e.preventDefault();
    const next = Math.min(items.length - 1, Math.max(0, index + delta));
    setFocus(next);
    ref.current?.querySelectorAll<HTMLElement>('.tile')[next]?.focus();
  };
  return (
    <div className="tile-scroll" ref={ref}>
      {items.length === 0 && <div className="empty">{keys.length > 0 ? 'Rendering…' : empty}</div>}
      <div
        className="tile-grid"
        role="listbox"
        aria-multiselectable
        aria-label="Images"
        style={{ gridTemplateColumns: `repeat(${layout.cols}, ${layout.tile}px)`, gap: layout.gap }}
      >
        {items.map((item, i) => (
          <Tile
            key={item.key}
            item={item}
            testId={`${testPrefix}-${i}`}
            size={layout.tile}
            tabbable={i === active}
            order={selection.indexOf(item.key) + 1}
            starred={isFavourite(favourites, item)}
            placed={placed.has(item.key)}
            onSelect={(e) => {
              setFocus(i);
              actions.select(item.key, modeOf(e), order, fromFavourites ? item : undefined);
            }}
            onOpen={() => void actions.run('view-large', { key: item.key })}
            onKey={(e) => moveFocus(e, i)}
            onStar={() => void actions.run('toggle-favourite', { keys: [item.key] })}
          />
        ))}
      </div>
    </div>
  );
}
