import { useEffect, useState } from 'react';
import { EASINGS, pathSegmentSchema } from '../../../../main/contract/keyframe-path';
import { keyframePathSchema } from '../../../../main/contract/project-schemas';
import { useActions, useCommand, useStudio, useStudioState } from '../../app/StudioContext';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import { NumberField } from '../../ui/NumberField';
import { SelectField, type SelectOption } from '../../ui/SelectField';
import { pathSignature, pathTiming } from './path';

const INTERPOLATIONS: readonly SelectOption<'slerp' | 'lerp'>[] = [
  { value: 'slerp', label: 'Spherical (slerp)' },
  { value: 'lerp', label: 'Linear (lerp)' },
];

const EASING_WORDS: Record<(typeof EASINGS)[number], string> = {
  linear: 'Linear',
  'ease-in': 'Ease in',
  'ease-out': 'Ease out',
  'ease-in-out': 'Ease in/out',
  cubic: 'Smooth (cubic)',
};

/**
 * The keyframe path: keyframes from the selection, the canvas anchors or the blend under the
 * pointer; per-segment duration, easing and lerp/slerp; loop and fps; a preview played at the
 * path's fps; video and sprite-sheet export.
 */
export function PathPanel() {
  const actions = useActions();
  const path = useStudioState((s) => s.doc.path);
  const images = useStudioState((s) => s.doc.images);
  const frames = useStudioState((s) => s.frames);
  const add = useCommand('add-keyframes');
  const addAnchors = useCommand('add-anchor-keyframes');
  const addBlend = useCommand('add-blend-keyframe');
  const clear = useCommand('clear-path');
  const play = useCommand('play-path');
  const video = useCommand('export-video');
  const sheet = useCommand('export-sprite-sheet');
  const timing = pathTiming(path);
  return (
    <div className="path-panel" data-testid="path-panel">
      <div className="controls">
        <button
          className="button"
          data-testid="add-keyframes-button"
          disabled={!add.enabled}
          onClick={() => add.run()}
          title="Add the selected images, in selection order (A)"
        >
          + Selected <kbd>A</kbd>
        </button>
        <button
          className="button"
          data-testid="add-anchor-keyframes"
          disabled={!addAnchors.enabled}
          onClick={() => addAnchors.run()}
          title="Add the canvas anchors, in the order they were placed"
        >
          + Canvas anchors
        </button>
        <button
          className="button"
          data-testid="add-blend-keyframe"
          disabled={!addBlend.enabled}
          onClick={() => addBlend.run()}
          title="Keep the blend under the pointer and add it"
        >
          + Blend under pointer
        </button>
        {path.keys.length > 0 && (
          <button className="button ghost" onClick={() => clear.run()}>
            Clear path
          </button>
        )}
      </div>
      {path.keys.length === 0 ? (
        <p className="muted tool-hint">
          Keyframes are images: select some in the grid (in order), or place anchors on the canvas,
          and add them. Each gap between two keyframes is a segment with its own duration and
          easing.
        </p>
      ) : (
        <ol className="keyframes" data-testid="keyframes">
          {path.keys.map((key, i) => (
            <li key={`${key}-${i}`} className="keyframe-item">
              <div className="keyframe" data-testid="keyframe">
                <FrameCanvas
                  frame={frames[key]}
                  className="keyframe-thumb"
                  label={images[key]?.label}
                />
                <span className="keyframe-label">{images[key]?.label ?? 'missing'}</span>
                <span className="keyframe-tools">
                  <button
                    className="icon-button"
                    aria-label="Earlier"
                    disabled={i === 0}
                    onClick={() => actions.moveKeyframe(i, -1)}
                  >
                    ‹
                  </button>
                  <button
                    className="icon-button"
                    aria-label="Later"
                    disabled={i === path.keys.length - 1}
                    onClick={() => actions.moveKeyframe(i, 1)}
                  >
                    ›
                  </button>
                  <button
                    className="icon-button"
                    aria-label="Remove keyframe"
                    onClick={() => actions.removeKeyframe(i)}
                  >
                    ✕
                  </button>
                </span>
              </div>
              {path.segments[i] && <SegmentRow index={i} last={i === path.keys.length - 1} />}
            </li>
          ))}
        </ol>
      )}
      <div className="controls">
        <label className="check">
          <input
            type="checkbox"
            data-testid="path-loop"
            checked={path.loop}
            onChange={(e) => actions.setPathSettings({ loop: e.target.checked })}
          />
          Loop (back to the first keyframe, seamless when smooth)
        </label>
        <NumberField
          label="Frames per second"
          testId="path-fps"
          value={path.fps}
          schema={keyframePathSchema.shape.fps}
          width={64}
          onChange={(fps) => actions.setPathSettings({ fps })}
        />
        <span className="muted path-timing" data-testid="path-timing">
          {timing ? `${timing.seconds.toFixed(2)} s · ${timing.frames} frames` : ''}
        </span>
      </div>
      <div className="controls">
        <button
          className="button primary"
          data-testid="play-path-button"
          disabled={!play.enabled}
          onClick={() => play.run()}
        >
          ▶ Preview
        </button>
        <button
          className="button"
          data-testid="export-video-button"
          disabled={!video.enabled}
          onClick={() => video.run()}
        >
          Export video…
        </button>
        <button
          className="button"
          data-testid="export-sprites-button"
          disabled={!sheet.enabled}
          onClick={() => sheet.run()}
          title="The path's frames (or else the selection) as one PNG grid with a JSON atlas"
        >
          Sprite sheet
        </button>
      </div>
      <PathPreview />
    </div>
  );
}

function SegmentRow({ index, last }: { index: number; last: boolean }) {
  const actions = useActions();
  const segment = useStudioState((s) => s.doc.path.segments[index]);
  if (!segment) return null;
  return (
    <div className="segment" data-testid="segment">
      <span className="muted segment-arrow">{last ? '↩ to the first' : '↓'}</span>
      <NumberField
        label="Seconds"
        testId={`segment-duration-${index}`}
        value={segment.duration}
        schema={pathSegmentSchema.shape.duration}
        step={0.1}
        width={64}
        onChange={(duration) => actions.setSegment(index, { duration })}
      />
      <SelectField
        label="Easing"
        testId={`segment-easing-${index}`}
        value={segment.easing}
        options={EASINGS.map((e) => ({ value: e, label: EASING_WORDS[e] }))}
        onChange={(easing) => actions.setSegment(index, { easing })}
      />
      <SelectField
        label="Between"
        testId={`segment-interpolation-${index}`}
        value={segment.interpolation}
        options={INTERPOLATIONS}
        onChange={(interpolation) => actions.setSegment(index, { interpolation })}
      />
    </div>
  );
}

/** The rendered path, played at its fps (and scrubbed), marked stale when the path changed. */
function PathPreview() {
  const { store } = useStudio();
  const actions = useActions();
  const preview = useStudioState((s) => s.pathPreview);
  const current = useStudioState((s) => pathSignature(s.doc));
  const fps = useStudioState((s) => s.doc.path.fps);
  const [playing, setPlaying] = useState(true);
  const count = preview?.frames.length ?? 0;
  useEffect(() => {
    if (!playing || count < 2) return;
    const t = setInterval(() => {
      const p = store.getState().pathPreview;
      if (p) actions.setPathPreviewIndex((p.index + 1) % p.frames.length);
    }, 1000 / fps);
    return () => clearInterval(t);
  }, [playing, count, fps, store, actions]);
  if (!preview) return null;
  const stale = preview.signature !== current;
  return (
    <div className="path-preview">
      <FrameCanvas
        frame={preview.frames[preview.index]}
        hash
        testId="path-frame"
        className="path-canvas"
        label="Path preview"
      />
      <div className="path-preview-controls">
        <button
          className="button small"
          data-testid="path-play"
          aria-pressed={playing}
          onClick={() => setPlaying((p) => !p)}
        >
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <input
          type="range"
          className="slider"
          min={0}
          max={Math.max(0, count - 1)}
          value={preview.index}
          aria-label="Path frame"
          onChange={(e) => {
            setPlaying(false);
            actions.setPathPreviewIndex(Number(e.target.value));
          }}
        />
        <span className="muted frame-count" data-testid="path-frame-count">
          {(preview.times[preview.index] ?? 0).toFixed(2)} s · frame {preview.index + 1} of {count}
        </span>
        {stale && <span className="muted">The path changed: preview again.</span>}
      </div>
    </div>
  );
}
