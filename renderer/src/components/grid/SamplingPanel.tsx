import { useEffect, useRef, useState } from 'react';
import { useActions, useStudio, useStudioState } from '../../app/StudioContext';
import { gridLayout } from '../../geometry';
import { isFavourite, type Item } from '../../state/studio';
import { NumberField } from '../common/NumberField';
import { SelectionBar } from './SelectionBar';
import { Tile } from './Tile';

export function SamplingPanel() {
  const { store } = useStudio();
  const actions = useActions();
  const seed = useStudioState((s) => s.seed);
  const count = useStudioState((s) => s.count);
  const truncation = useStudioState((s) => s.truncation);
  const grid = useStudioState((s) => s.grid);
  const tab = useStudioState((s) => s.leftTab);
  const favourites = useStudioState((s) => s.favourites);
  const favouriteItems = useStudioState((s) => s.favouriteItems);
  const modelId = useStudioState((s) => s.modelId);
  const busy = useStudioState((s) => s.progress.length > 0);

  useEffect(() => {
    if (tab === 'favourites') void actions.loadFavouriteItems();
  }, [tab, favourites, modelId, actions]);

  const items = tab === 'samples' ? grid : favouriteItems;
  const favCount = favourites.filter((f) => f.modelId === modelId).length;

  return (
    <section className="panel sampling" aria-label="Sampling">
      <div className="panel-head">
        <h2>Samples</h2>
      </div>
      <div className="controls">
        <NumberField
          label="Seed"
          testId="seed-input"
          value={seed}
          min={0}
          max={0xffffffff}
          integer
          width={124}
          onChange={(v) => store.set({ seed: v })}
          onEnter={() => void actions.sample()}
        />
        <NumberField
          label="Count"
          testId="count-input"
          value={count}
          min={1}
          max={256}
          integer
          width={64}
          onChange={(v) => store.set({ count: v })}
          onEnter={() => void actions.sample()}
        />
        <NumberField
          label="Truncation"
          testId="truncation-input"
          value={truncation}
          min={0}
          max={2}
          step={0.05}
          width={72}
          title="Lower values stay closer to the average image; 1 is the plain distribution"
          onChange={(v) => store.set({ truncation: v })}
          onEnter={() => void actions.sample()}
        />
      </div>
      <div className="controls">
        <button
          className="button primary"
          data-testid="sample-button"
          disabled={!modelId || busy}
          onClick={() => void actions.sample()}
        >
          Sample <kbd>S</kbd>
        </button>
        <button
          className="button"
          data-testid="reroll-button"
          disabled={!modelId || busy}
          onClick={() => void actions.reroll()}
        >
          Reroll <kbd>R</kbd>
        </button>
      </div>
      <div className="tabs" role="tablist">
        <button
          role="tab"
          aria-selected={tab === 'samples'}
          className={`tab ${tab === 'samples' ? 'on' : ''}`}
          onClick={() => store.set({ leftTab: 'samples' })}
        >
          Grid
        </button>
        <button
          role="tab"
          data-testid="favourites-tab"
          aria-selected={tab === 'favourites'}
          className={`tab ${tab === 'favourites' ? 'on' : ''}`}
          onClick={() => store.set({ leftTab: 'favourites' })}
        >
          Favourites{favCount > 0 ? ` (${favCount})` : ''}
        </button>
      </div>
      <TileGrid
        items={items}
        empty={
          tab === 'samples'
            ? 'Press Sample to draw images from the model.'
            : 'Star images to keep them here.'
        }
      />
      <SelectionBar />
    </section>
  );
}

function TileGrid({ items, empty }: { items: Item[]; empty: string }) {
  const actions = useActions();
  const selection = useStudioState((s) => s.selection);
  const favourites = useStudioState((s) => s.favourites);
  // A string (compared by value), so dragging anchors around does not re-render the grid.
  const placedKeys = useStudioState((s) => s.anchors.map((a) => a.item.key).join('\n'));
  const placed = new Set(placedKeys.split('\n'));
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(320);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth - 26));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const layout = gridLayout(items.length, width, { minTile: 92, maxTile: 180, gap: 8 });
  const order = items.map((i) => i.key);
  return (
    <div className="tile-scroll" ref={ref}>
      {items.length === 0 && <div className="empty">{empty}</div>}
      <div
        className="tile-grid"
        style={{ gridTemplateColumns: `repeat(${layout.cols}, ${layout.tile}px)`, gap: layout.gap }}
      >
        {items.map((item, i) => (
          <Tile
            key={item.key}
            item={item}
            index={i}
            size={layout.tile}
            order={selection.indexOf(item.key) + 1}
            starred={isFavourite(favourites, item)}
            placed={placed.has(item.key)}
            onSelect={(e) =>
              actions.select(
                item.key,
                e.shiftKey ? 'range' : e.ctrlKey || e.metaKey ? 'toggle' : 'single',
                order,
              )
            }
            onStar={() => void actions.toggleFavourite([item])}
          />
        ))}
      </div>
    </div>
  );
}
