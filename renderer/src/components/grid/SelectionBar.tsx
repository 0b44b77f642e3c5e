import { useActions, useStudio, useStudioState } from '../../app/StudioContext';
import { FrameCanvas } from '../../pixels/FrameCanvas';

/** The selection in order (the strip's waypoints), with what can be done to it. */
export function SelectionBar() {
  const { store } = useStudio();
  const actions = useActions();
  const selection = useStudioState((s) => s.selection);
  const items = useStudioState((s) => s.items);
  const status = useStudioState((s) => s.exportStatus);
  const n = selection.length;
  return (
    <div className="selection-bar">
      <div className="selection-head">
        <span className="selection-count" data-testid="selection-count">
          {n === 0 ? 'Nothing selected' : `${n} selected`}
        </span>
        {n > 0 && (
          <button className="link-button" onClick={() => actions.clearSelection()}>
            Clear
          </button>
        )}
      </div>
      {n > 0 && (
        <div className="selection-tray" data-testid="selection-tray">
          {selection.map((key, i) => {
            const item = items[key];
            if (!item) return null;
            return (
              <button
                key={key}
                className="chip"
                title={`${i + 1}. ${item.label} — click to deselect`}
                onClick={() =>
                  store.set((s) => ({ selection: s.selection.filter((k) => k !== key) }))
                }
              >
                <FrameCanvas frame={item.frame} className="chip-canvas" />
                <span className="chip-order">{i + 1}</span>
              </button>
            );
          })}
        </div>
      )}
      <div className="controls">
        <button
          className="button"
          data-testid="place-button"
          disabled={n === 0}
          onClick={() => actions.placeSelected()}
        >
          Place on canvas <kbd>P</kbd>
        </button>
        <button
          className="button"
          data-testid="export-png-button"
          disabled={n === 0}
          onClick={() => void actions.exportSelected()}
        >
          Export PNG
        </button>
        <button
          className="button"
          data-testid="favourite-button"
          disabled={n === 0}
          onClick={() => void actions.toggleFavourite()}
          title="Toggle favourite (F)"
        >
          ★ <kbd>F</kbd>
        </button>
      </div>
      <div className="export-status" data-testid="export-status" aria-live="polite">
        {status}
      </div>
    </div>
  );
}
