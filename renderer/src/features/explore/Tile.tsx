import type { KeyboardEvent, MouseEvent } from 'react';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import type { Item } from '../../store/state';

interface Props {
  item: Item;
  testId: string;
  size: number;
  /** The one tile of the grid reachable with Tab (the arrow keys move between tiles). */
  tabbable: boolean;
  /** 1-based position in the selection, or 0 when not selected. */
  order: number;
  starred: boolean;
  placed: boolean;
  onSelect: (e: MouseEvent | KeyboardEvent) => void;
  onOpen: () => void;
  onKey: (e: KeyboardEvent) => void;
  onStar: () => void;
}

export function Tile({ item, testId, size, tabbable, order, starred, placed, ...on }: Props) {
  return (
    <div
      className={`tile ${order > 0 ? 'selected' : ''}`}
      data-testid={testId}
      data-selected={order > 0}
      data-key={item.key}
      style={{ width: size, height: size }}
      onClick={on.onSelect}
      onDoubleClick={on.onOpen}
      role="option"
      tabIndex={tabbable ? 0 : -1}
      aria-selected={order > 0}
      aria-label={item.label}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          on.onSelect(e);
        } else on.onKey(e);
      }}
      title={`${item.label}${item.truncation !== null ? ` · truncation ${item.truncation}` : ''} — click to select, Ctrl/Shift-click for more, double-click to see it large`}
    >
      <FrameCanvas frame={item.frame} className="tile-canvas" label={item.label} />
      {order > 0 && <span className="tile-order">{order}</span>}
      {placed && (
        <span className="tile-placed" title="On the canvas">
          ◆
        </span>
      )}
      <button
        className={`tile-star ${starred ? 'on' : ''}`}
        data-testid={`${testId.replace(/-tile-/, '-star-').replace(/^grid-star-/, 'star-')}`}
        aria-label={starred ? 'Remove from favourites' : 'Add to favourites'}
        aria-pressed={starred}
        tabIndex={-1}
        onClick={(e) => {
          e.stopPropagation();
          on.onStar();
        }}
      >
        {starred ? '★' : '☆'}
      </button>
      <span className="tile-caption">{item.label}</span>
    </div>
  );
}
