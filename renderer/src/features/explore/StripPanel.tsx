import { useEffect, useState } from 'react';
import { channels } from '../../../../main/contract/channels';
import { useActions, useCommand, useStudio, useStudioState } from '../../app/StudioContext';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import { NumberField } from '../../ui/NumberField';

const framesSchema = channels['render.strip'].request.shape.frames;

export function StripPanel() {
  const { store } = useStudio();
  const actions = useActions();
  const strip = useStudioState((s) => s.strip);
  const settings = useStudioState((s) => s.doc.strip);
  const selected = useStudioState((s) => s.doc.selection.length);
  const interpolate = useCommand('interpolate');
  const exportFrames = useCommand('export-frames');
  const exportGif = useCommand('export-gif');
  const exportApng = useCommand('export-apng');
  const [playing, setPlaying] = useState(false);
  const count = strip?.frames.length ?? 0;

  useEffect(() => {
    if (!playing || !strip || count < 2) return;
    const t = setInterval(() => {
      const s = store.getState().strip;
      if (s) actions.setStripIndex((s.index + 1) % s.frames.length);
    }, 1000 / 12);
    return () => clearInterval(t);
  }, [playing, strip, count, store, actions]);

  const current = strip?.frames[strip.index];

  return (
    <div className="strip" aria-label="Interpolation">
      <div className="strip-body">
        <div className="strip-controls">
          <p className="muted tool-hint">
            {selected >= 2
              ? `${selected} waypoints, in selection order`
              : 'Ctrl-click two or more images to set waypoints'}
          </p>
          <div className="controls">
            <NumberField
              label="Frames"
              testId="strip-frames-input"
              value={settings.frames}
              schema={framesSchema}
              width={64}
              onChange={(frames) => actions.setStripSettings({ frames })}
              onEnter={() => interpolate.run()}
            />
            <label className="field">
              <span className="field-label">Method</span>
              <select
                className="input"
                data-testid="strip-method"
                value={settings.method}
                onChange={(e) =>
                  actions.setStripSettings({ method: e.target.value === 'lerp' ? 'lerp' : 'slerp' })
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
                checked={settings.loop}
                onChange={(e) => actions.setStripSettings({ loop: e.target.checked })}
              />
              Loop
            </label>
          </div>
          <div className="controls">
            <button
              className="button primary"
              data-testid="strip-button"
              disabled={!interpolate.enabled}
              onClick={() => interpolate.run()}
            >
              Interpolate <kbd>I</kbd>
            </button>
            <button
              className="button"
              data-testid="export-frames-button"
              disabled={!exportFrames.enabled}
              onClick={() => exportFrames.run()}
            >
              Export frames
            </button>
            <button
              className="button"
              data-testid="export-gif-button"
              disabled={!exportGif.enabled}
              onClick={() => exportGif.run()}
            >
              Export GIF
            </button>
            <button
              className="button"
              data-testid="export-apng-button"
              disabled={!exportApng.enabled}
              onClick={() => exportApng.run()}
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
    </div>
  );
}
