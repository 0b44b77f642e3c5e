import { useActions, useCommand, useStudioState } from '../../app/StudioContext';
import { FrameCanvas } from '../../pixels/FrameCanvas';

/** The selection in order (the strip's waypoints), with what can be done to it. */
export function SelectionBar() {
  const actions = useActions();
  const selection = useStudioState((s) => s.doc.selection);
  const images = useStudioState((s) => s.doc.images);
  const frames = useStudioState((s) => s.frames);
  const status = useStudioState((s) => s.exportStatus);
  const place = useCommand('place-selected');
  const exportPng = useCommand('export-selected');
  const favourite = useCommand('toggle-favourite');
  const large = useCommand('view-large');
  const n = selection.length;
  return (
    <div className="selection-bar">
      <div className="selection-head">
        <span className="selection-count" data-testid="selection-count">
          {n === 0 ? 'Nothing selected' : `${n} selected`}
        </span>
        {n > 0 && (
          <button className="link-button" onClick={() => void actions.run('clear-selection')}>
            Clear
          </button>
        )}
      </div>
      {n > 0 && (
        <div className="selection-tray" data-testid="selection-tray">
          {selection.map((key, i) => {
            const image = images[key];
            if (!image) return null;
            return (
              <button
                key={key}
                className="chip"
                title={`${i + 1}. ${image.label} — click to deselect`}
                onClick={() => actions.deselect(key)}
              >
                <FrameCanvas frame={frames[key]} className="chip-canvas" />
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
          disabled={!place.enabled}
          onClick={() => place.run()}
        >
          Place on canvas <kbd>P</kbd>
        </button>
        <button
          className="button"
          data-testid="export-png-button"
          disabled={!exportPng.enabled}
          onClick={() => exportPng.run()}
        >
          Export PNG
        </button>
        <button
          className="button"
          data-testid="favourite-button"
          disabled={n === 0 || !favourite.enabled}
          onClick={() => favourite.run()}
          title="Toggle favourite (F)"
          aria-label="Toggle favourite"
        >
          ★ <kbd>F</kbd>
        </button>
        <button
          className="button"
          data-testid="view-large-button"
          disabled={n === 0 || !large.enabled}
          onClick={() => large.run()}
          title="See the selected image large (V)"
        >
          View <kbd>V</kbd>
        </button>
      </div>
      <div className="export-status" data-testid="export-status" aria-live="polite">
        {status}
      </div>
    </div>
  );
}
