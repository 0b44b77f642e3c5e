import type Konva from 'konva';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { Circle, Group, Image as KImage, Layer, Line, Rect, Stage, Text } from 'react-konva';
import type { Frame } from '../../../../main/contract/channels';
import { useActions, useStudio, useStudioState } from '../../app/StudioContext';
import type { Point } from '../../geometry';
import { frameCanvas } from '../../pixels/image';
import type { DocAnchor } from '../../store/doc';
import { ANCHOR_SIZE, PROBE_RADIUS } from './canvas';

const HALF = ANCHOR_SIZE / 2;

/** The explore canvas: anchors are draggable thumbnails; the pointer is a probe that blends them. */
export function ExploreCanvas() {
  const { store } = useStudio();
  const actions = useActions();
  const anchors = useStudioState((s) => s.doc.anchors);
  const images = useStudioState((s) => s.doc.images);
  const frames = useStudioState((s) => s.frames);
  const path = useStudioState((s) => s.doc.path);
  const pathLines = keyframeLines(anchors, path.keys, path.loop);
  const weights = useStudioState((s) => s.probe.weights);
  const wrapRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 800, height: 480 });
  const probe = useStudioState((s) => s.probe.point);
  const probeRef = useRef<Point | null>(null);
  const dragging = useRef(false);

  useEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      const next = { width: Math.max(200, el.clientWidth), height: Math.max(200, el.clientHeight) };
      setSize(next);
      store.setState({ stageSize: next });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [store]);

  // Anchors added, moved or removed: re-blend at the probe's last position.
  useEffect(() => {
    if (probeRef.current) actions.probeAt(probeRef.current);
  }, [anchors, actions]);

  // The overlay follows the live frame (see createProbe): the ring is drawn from the store.
  const moveProbe = (p: Point) => {
    probeRef.current = p;
    actions.probeAt(p);
  };
  const onPointer = (e: Konva.KonvaEventObject<MouseEvent | TouchEvent>) => {
    // While an anchor is dragged the probe stays put and the blend follows the anchor.
    if (dragging.current) return;
    const p = e.target.getStage()?.getPointerPosition();
    if (p) moveProbe(p);
  };
  const setDragging = useCallback((on: boolean) => (dragging.current = on), []);
  const weightOf = (id: string) => weights.find((w) => w.anchorId === id)?.weight ?? 0;

  return (
    <div
      className="stage-wrap"
      ref={wrapRef}
      data-testid="explore-stage"
      data-anchors={anchors.length}
    >
      <Stage
        width={size.width}
        height={size.height}
        onMouseMove={onPointer}
        onTouchMove={onPointer}
        onMouseDown={onPointer}
      >
        {/* Static layer: redrawn only when anchors change, never on pointer moves. */}
        <Layer imageSmoothingEnabled={false}>
          <Rect width={size.width} height={size.height} fill="#15171c" />
          {/* The keyframe path, where its keyframes are anchors on the canvas. */}
          {pathLines.map((points, i) => (
            <Line
              key={`path${i}`}
              points={points}
              stroke="#7aa7e0"
              strokeWidth={2}
              dash={[8, 6]}
              opacity={0.7}
            />
          ))}
          {anchors.map((a) => (
            <AnchorNode
              key={a.id}
              anchor={a}
              label={images[a.key]?.label ?? ''}
              frame={frames[a.key]}
              actions={actions}
              onDrag={setDragging}
            />
          ))}
        </Layer>
        {/* Overlay layer: the probe, its weight lines and the active anchors' rings. Cheap to
            redraw (no shadows, no images), so live frames are not kept waiting behind it. */}
        <Layer listening={false}>
          {probe && anchors.length > 0 && (
            <Circle
              x={probe.x}
              y={probe.y}
              radius={PROBE_RADIUS}
              stroke="#3b4150"
              dash={[4, 6]}
              strokeWidth={1}
            />
          )}
          {probe &&
            anchors.map((a) => {
              const w = weightOf(a.id);
              return w > 0 ? (
                <Group key={`w${a.id}`}>
                  <Line
                    points={[probe.x, probe.y, a.x, a.y]}
                    stroke="#e0a84a"
                    strokeWidth={1 + 5 * w}
                    opacity={0.25 + 0.6 * w}
                  />
                  <Rect
                    x={a.x - HALF - 3}
                    y={a.y - HALF - 3}
                    width={ANCHOR_SIZE + 6}
                    height={ANCHOR_SIZE + 6}
                    cornerRadius={6}
                    stroke="#e0a84a"
                    strokeWidth={2 + 2 * w}
                  />
                  <Text
                    text={`${Math.round(w * 100)}%`}
                    x={a.x + HALF - 34}
                    y={a.y - HALF + 4}
                    width={30}
                    align="right"
                    fontSize={11}
                    fill="#f0d29a"
                    fontFamily="Inter, system-ui, sans-serif"
                  />
                </Group>
              ) : null;
            })}
          {probe && (
            <Group x={probe.x} y={probe.y}>
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
  anchor: DocAnchor;
  label: string;
  /** Missing while it renders (after an undo or reopening a project). */
  frame: Frame | undefined;
  actions: ReturnType<typeof useActions>;
  onDrag: (dragging: boolean) => void;
}

/** One placed image. Memoised: pointer moves do not re-render (or redraw) anchors. */
const AnchorNode = memo(function AnchorNode({
  anchor,
  label,
  frame,
  actions,
  onDrag,
}: AnchorProps) {
  const image = frame ? frameCanvas(frame) : undefined;
  const remove = () => actions.removeAnchor(anchor.id);
  return (
    <Group
      x={anchor.x}
      y={anchor.y}
      draggable
      onDragStart={() => {
        onDrag(true);
        // However far it is dragged, a drag is one undo step.
        actions.beginGesture();
      }}
      onDragEnd={(e) => {
        onDrag(false);
        actions.moveAnchor(anchor.id, e.target.x(), e.target.y());
        actions.endGesture();
      }}
      onDragMove={(e) => actions.moveAnchor(anchor.id, e.target.x(), e.target.y())}
      onDblClick={remove}
      onDblTap={remove}
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
        stroke="#3a3f4b"
        strokeWidth={1}
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
        text={label}
        x={-HALF - 30}
        y={HALF + 7}
        width={ANCHOR_SIZE + 60}
        align="center"
        fontSize={11}
        wrap="none"
        ellipsis
        fill="#9aa1ad"
        fontFamily="Inter, system-ui, sans-serif"
      />
    </Group>
  );
});

/** Lines between consecutive keyframes that sit on the canvas (and back to the first on a loop). */
function keyframeLines(anchors: readonly DocAnchor[], keys: readonly string[], loop: boolean) {
  const at = (key: string | undefined) => anchors.find((a) => a.key === key);
  const lines: number[][] = [];
  const gaps = loop && keys.length > 2 ? keys.length : keys.length - 1;
  for (let i = 0; i < gaps; i++) {
    const a = at(keys[i]);
    const b = at(keys[(i + 1) % keys.length]);
    if (a && b && a !== b) lines.push([a.x, a.y, b.x, b.y]);
  }
  return lines;
}
