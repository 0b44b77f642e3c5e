import { useEffect, useRef } from 'react';
import { useActions, useStudioState } from '../../app/StudioContext';
import { FrameCanvas } from '../../pixels/FrameCanvas';

/** The selected image, large, over the workspace (V or double-click a tile; Escape closes). */
export function LargeView() {
  const actions = useActions();
  const key = useStudioState((s) => s.largeView);
  const image = useStudioState((s) => (key ? s.doc.images[key] : undefined));
  const favourite = useStudioState((s) => s.favouriteItems.find((i) => i.key === key));
  const frame = useStudioState((s) => (key ? s.frames[key] : undefined));
  const close = () => actions.setView({ largeView: null });
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
        if (e.key === 'Escape' || e.key === 'v' || e.key === 'V') {
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
