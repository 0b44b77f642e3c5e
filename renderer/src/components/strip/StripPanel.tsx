import { useEffect, useState } from 'react';
import { useActions, useStudio, useStudioState } from '../../app/StudioContext';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import { NumberField } from '../common/NumberField';

export function StripPanel() {
  const { store } = useStudio();
  const actions = useActions();
  const strip = useStudioState((s) => s.strip);
  const frames = useStudioState((s) => s.stripFrames);
  const method = useStudioState((s) => s.stripMethod);
  const loop = useStudioState((s) => s.stripLoop);
  const selected = useStudioState((s) => s.selection.length);
  const busy = useStudioState((s) => s.progress.length > 0);
  const [playing, setPlaying] = useState(false);
  const count = strip?.frames.length ?? 0;

  useEffect(() => {
    if (!playing || !strip || count < 2) return;
    const t = setInterval(() => {
      const s = store.get().strip;
      if (s) actions.setStripIndex((s.index + 1) % s.frames.length);
    }, 1000 / 12);
    return () => clearInterval(t);
  }, [playing, strip, count, store, actions]);

  const canRun = selected >= 2 && !busy;
  const canExport = (strip !== null || selected >= 2) && !busy;
  const current = strip?.frames[strip.index];

  return (
    <section className="panel strip" aria-label="Interpolation">
      <div className="panel-head">
        <h2>Interpolation</h2>
        <span className="muted">
          {selected >= 2
            ? `${selected} waypoints, in selection order`
            : 'Ctrl-click two or more images to set waypoints'}
        </span>
      </div>
      <div className="strip-body">
        <div className="strip-controls">
          <div className="controls">
            <NumberField
              label="Frames"
              testId="strip-frames-input"
              value={frames}
              min={2}
              max={512}
              integer
              width={64}
              onChange={(v) => store.set({ stripFrames: v })}
              onEnter={() => void actions.renderStrip()}
            />
            <label className="field">
              <span className="field-label">Method</span>
              <select
                className="input"
                data-testid="strip-method"
                value={method}
                onChange={(e) =>
                  store.set({ stripMethod: e.target.value === 'lerp' ? 'lerp' : 'slerp' })
                }
              >
                <option value="slerp">Spherical (slerp)</option>
                <option value="lerp">Linear (lerp)</option>
              </select>
            </label>
            <label className="check">
              <input
                type="checkbox"
                data-testid="strip-loop"
                checked={loop}
                onChange={(e) => store.set({ stripLoop: e.target.checked })}
              />
              Loop
            </label>
          </div>
          <div className="controls">
            <button
              className="button primary"
              data-testid="strip-button"
              disabled={!canRun}
              onClick={() => void actions.renderStrip()}
            >
              Interpolate <kbd>I</kbd>
            </button>
            <button
              className="button"
              data-testid="export-frames-button"
              disabled={!canExport}
              onClick={() => void actions.exportStripFrames()}
            >
              Export frames
            </button>
            <button
              className="button"
              data-testid="export-gif-button"
              disabled={!canExport}
              onClick={() => void actions.exportAnimation('gif')}
            >
              Export GIF
            </button>
            <button
              className="button"
              data-testid="export-apng-button"
              disabled={!canExport}
              onClick={() => void actions.exportAnimation('apng')}
            >
              Export APNG
            </button>
          </div>
          {strip && (
            <div className="controls slider-row">
              <button
                className="button small"
                data-testid="strip-play"
                onClick={() => setPlaying((p) => !p)}
                aria-pressed={playing}
              >
                {playing ? '❚❚ Pause' : '▶ Play'}
              </button>
              <input
                type="range"
                className="slider"
                data-testid="strip-slider"
                min={0}
                max={Math.max(0, count - 1)}
                value={strip.index}
                onChange={(e) => actions.setStripIndex(Number(e.target.value))}
                aria-label="Frame"
              />
              <span className="muted frame-count">
                Frame {strip.index + 1} of {count}
              </span>
            </div>
          )}
          {strip && (
            <div className="filmstrip">
              {strip.frames.map((f, i) => (
                <button
                  key={i}
                  className={`film ${i === strip.index ? 'on' : ''}`}
                  onClick={() => actions.setStripIndex(i)}
                  aria-label={`Frame ${i + 1}`}
                >
                  <FrameCanvas frame={f} className="film-canvas" />
                </button>
              ))}
            </div>
          )}
        </div>
        <div className="strip-view">
          <FrameCanvas
            frame={current}
            testId="strip-frame"
            hash
            className="strip-canvas"
            label="Interpolation frame"
          />
          {!current && <div className="preview-empty">No strip yet</div>}
        </div>
      </div>
    </section>
  );
}
