import type { KeyboardEvent, MouseEvent } from 'react';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import type { Item } from '../../state/studio';

interface Props {
  item: Item;
  index: number;
  size: number;
  /** 1-based position in the selection, or 0 when not selected. */
  order: number;
  starred: boolean;
  placed: boolean;
  onSelect: (e: MouseEvent | KeyboardEvent) => void;
  onStar: () => void;
}

export function Tile({ item, index, size, order, starred, placed, onSelect, onStar }: Props) {
  return (
    <div
      className={`tile ${order > 0 ? 'selected' : ''}`}
      data-testid={`grid-tile-${index}`}
      data-selected={order > 0}
      style={{ width: size, height: size }}
      onClick={onSelect}
      role="button"
      tabIndex={0}
      aria-pressed={order > 0}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(e);
        }
      }}
      title={`${item.label}${item.truncation !== null ? ` · truncation ${item.truncation}` : ''} — click to select, Ctrl/Shift-click for more`}
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
        data-testid={`star-${index}`}
        aria-label={starred ? 'Remove from favourites' : 'Add to favourites'}
        aria-pressed={starred}
        onClick={(e) => {
          e.stopPropagation();
          onStar();
        }}
      >
        {starred ? '★' : '☆'}
      </button>
      <span className="tile-caption">{item.label}</span>
    </div>
  );
}
