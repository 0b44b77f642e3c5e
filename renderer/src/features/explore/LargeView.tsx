import { useCallback, useEffect, useRef } from 'react';
import { useActions, useStudioState } from '../../app/StudioContext';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import { useEscape } from '../../ui/use-escape';

/** The selected image, large, over the workspace (V or double-click a tile; Escape closes). */
export function LargeView() {
  const actions = useActions();
  const key = useStudioState((s) => s.largeView);
  const image = useStudioState((s) => (key ? s.doc.images[key] : undefined));
  const favourite = useStudioState((s) => s.favouriteItems.find((i) => i.key === key));
  const frame = useStudioState((s) => (key ? s.frames[key] : undefined));
  const close = useCallback(() => actions.setView({ largeView: null }), [actions]);
  useEscape(close, key !== null);
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), [key]);
  const shown = image ?? favourite;
  if (!key || !shown) return null;
  return (
    <div
      className="large-view"
      role="dialog"
      aria-label={`${shown.label}, large`}
      data-testid="large-view"
      onClick={close}
      onKeyDown={(e) => {
        if (e.key === 'v' || e.key === 'V') {
          e.stopPropagation();
          close();
        }
      }}
    >
      <figure onClick={(e) => e.stopPropagation()}>
        <FrameCanvas
          frame={frame ?? favourite?.frame}
          className="large-canvas"
          label={shown.label}
        />
        <figcaption>
          <span>{shown.label}</span>
          <button ref={ref} className="button small" onClick={close}>
            Close <kbd>Esc</kbd>
          </button>
        </figcaption>
      </figure>
    </div>
  );
}
