import { useLayoutEffect, useRef, type CSSProperties } from 'react';
import type { Frame } from '../../../main/contract/channels';
import { fnv1a } from '../geometry';
import { drawFrame } from './image';

interface Props {
  frame: Frame | null | undefined;
  className?: string;
  style?: CSSProperties;
  /** Publish a data-frame-hash of the drawn pixels, so tests can see the image change. */
  hash?: boolean;
  testId?: string;
  label?: string;
}

/** Draws a frame's RGBA into a <canvas> with putImageData; CSS scales it. */
export function FrameCanvas({ frame, className, style, hash, testId, label }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    if (!frame) {
      canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
      if (hash) canvas.dataset.frameHash = '';
      return;
    }
    drawFrame(canvas, frame);
    if (hash) canvas.dataset.frameHash = fnv1a(frame.rgba);
  }, [frame, hash]);
  return (
    <canvas
      ref={ref}
      className={`frame ${className ?? ''}`}
      style={style}
      width={frame?.width ?? 64}
      height={frame?.height ?? 64}
      data-testid={testId}
      role="img"
      aria-label={label}
    />
  );
}
