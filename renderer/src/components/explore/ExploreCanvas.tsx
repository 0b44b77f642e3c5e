import type Konva from 'konva';
import { useEffect, useRef, useState } from 'react';
import { Circle, Group, Image as KImage, Layer, Line, Rect, Stage, Text } from 'react-konva';
import { ANCHOR_SIZE, PROBE_RADIUS } from '../../actions/canvas';
import { useActions, useStudio, useStudioState } from '../../app/StudioContext';
import type { Point } from '../../geometry';
import { frameCanvas } from '../../pixels/image';
import type { Anchor } from '../../state/studio';

const HALF = ANCHOR_SIZE / 2;

/** The explore canvas: anchors are draggable thumbnails; the pointer is a probe that blends them. */
export function ExploreCanvas() {
  const { store } = useStudio();
  const actions = useActions();
  const anchors = useStudioState((s) => s.anchors);
  const weights = useStudioState((s) => s.probe.weights);
  const wrapRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 800, height: 480 });
  const [probe, setProbe] = useState<Point | null>(null);
  const probeRef = useRef<Point | null>(null);
  const dragging = useRef(false);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      const next = { width: Math.max(200, el.clientWidth), height: Math.max(200, el.clientHeight) };
      setSize(next);
      store.set({ stageSize: next });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [store]);

  // Anchors added, moved or removed: re-blend at the probe's last position.
  useEffect(() => {
    if (probeRef.current) actions.probeAt(probeRef.current);
  }, [anchors, actions]);

  const moveProbe = (p: Point) => {
    probeRef.current = p;
    setProbe(p);
    actions.probeAt(p);
  };
  const onPointer = (e: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    // While an anchor is dragged the probe stays put and the blend follows the anchor.
    if (dragging.current) return;
    const p = e.target.getStage()?.getPointerPosition();
    if (p) moveProbe(p);
  };
  const weightOf = (id: string) => weights.find((w) => w.anchorId === id)?.weight ?? 0;

  return (
    <div className="stage-wrap" ref={wrapRef} data-testid="explore-stage">
      <Stage
        width={size.width}
        height={size.height}
        onMouseMove={onPointer}
        onTouchMove={onPointer}
        onMouseDown={onPointer}
      >
        <Layer imageSmoothingEnabled={false}>
          {probe && anchors.length > 0 && (
            <Circle
              x={probe.x}
              y={probe.y}
              radius={PROBE_RADIUS}
              stroke="#3b4150"
              dash={[4, 6]}
              strokeWidth={1}
              listening={false}
            />
          )}
          {probe &&
            anchors.map((a) => {
              const w = weightOf(a.id);
              return w > 0 ? (
                <Line
                  key={`l${a.id}`}
                  points={[probe.x, probe.y, a.x, a.y]}
                  stroke="#e0a84a"
                  strokeWidth={1 + 5 * w}
                  opacity={0.25 + 0.6 * w}
                  listening={false}
                />
              ) : null;
            })}
          {anchors.map((a) => (
            <AnchorNode
              key={a.id}
              anchor={a}
              weight={weightOf(a.id)}
              onMove={(x, y) => actions.moveAnchor(a.id, x, y)}
              onDrag={(on) => (dragging.current = on)}
              onRemove={() => actions.removeAnchor(a.id)}
            />
          ))}
          {probe && (
            <Group x={probe.x} y={probe.y} listening={false}>
              <Circle radius={9} stroke="#f5f1e8" strokeWidth={2} />
              <Circle radius={2.5} fill="#f5f1e8" />
            </Group>
          )}
        </Layer>
      </Stage>
      {anchors.length === 0 && (
        <div className="stage-hint">
          <div className="stage-hint-title">Explore</div>
          <p>
            Select images in the grid and press <b>Place on canvas</b> (P).
            <br />
            Then move the pointer between them: nearby anchors are blended live.
            <br />
            Drag anchors to rearrange; double-click one to remove it.
          </p>
        </div>
      )}
    </div>
  );
}

interface AnchorProps {
  anchor: Anchor;
  weight: number;
  onMove: (x: number, y: number) => void;
  onDrag: (dragging: boolean) => void;
  onRemove: () => void;
}

function AnchorNode({ anchor, weight, onMove, onDrag, onRemove }: AnchorProps) {
  const image = frameCanvas(anchor.item.frame);
  const active = weight > 0;
  return (
    <Group
      x={anchor.x}
      y={anchor.y}
      draggable
      onDragStart={() => onDrag(true)}
      onDragEnd={(e) => {
        onDrag(false);
        onMove(e.target.x(), e.target.y());
      }}
      onDragMove={(e) => onMove(e.target.x(), e.target.y())}
      onDblClick={onRemove}
      onDblTap={onRemove}
      onMouseEnter={(e) => {
        const c = e.target.getStage()?.container();
        if (c) c.style.cursor = 'grab';
      }}
      onMouseLeave={(e) => {
        const c = e.target.getStage()?.container();
        if (c) c.style.cursor = 'crosshair';
      }}
    >
      <Rect
        x={-HALF - 3}
        y={-HALF - 3}
        width={ANCHOR_SIZE + 6}
        height={ANCHOR_SIZE + 6}
        cornerRadius={6}
        fill="#0d0e11"
        stroke={active ? '#e0a84a' : '#3a3f4b'}
        strokeWidth={active ? 2 + 2 * weight : 1}
        shadowColor="#000"
        shadowBlur={10}
        shadowOpacity={0.5}
      />
      <KImage
        image={image}
        x={-HALF}
        y={-HALF}
        width={ANCHOR_SIZE}
        height={ANCHOR_SIZE}
        cornerRadius={3}
      />
      <Text
        text={active ? `${anchor.item.label} · ${Math.round(weight * 100)}%` : anchor.item.label}
        x={-HALF - 30}
        y={HALF + 7}
        width={ANCHOR_SIZE + 60}
        align="center"
        fontSize={11}
        wrap="none"
        ellipsis
        fill={active ? '#f0d29a' : '#9aa1ad'}
        fontFamily="Inter, system-ui, sans-serif"
      />
    </Group>
  );
}
