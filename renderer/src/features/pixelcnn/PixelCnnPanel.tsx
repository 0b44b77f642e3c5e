import { pixelCnnChannels, pixelCnnCountSchema } from '../../../../main/contract/pixelcnn-channels';
import { useActions, useCommand, useStudioState } from '../../app/StudioContext';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import { currentModel } from '../../store/selectors';
import { NumberField } from '../../ui/NumberField';
import { revealRows } from './reveal';
import './pixelcnn.css';

const req = pixelCnnChannels['pixelcnn.sample'].request.shape;

/**
 * Shown when the selected model is a PixelCNN: sample several images pixel by pixel and watch
 * them fill in row by row (Stop cancels), or keep the top rows of an image file and let the
 * model complete the rest, one completion per seed, side by side.
 */
export function PixelCnnPanel() {
  const actions = useActions();
  const model = useStudioState(currentModel);
  const live = useStudioState((s) => s.pixelcnn);
  const seed = useStudioState((s) => s.doc.sampling.seed);
  const sample = useCommand('pixelcnn-sample-live');
  const cancel = useCommand('pixelcnn-cancel');
  if (!model?.autoregressive) return null;
  const info = model.autoregressive;
  const completing = live.completePath.trim() !== '';
  return (
    <section className="panel pixelcnn" aria-label="PixelCNN sampling" data-testid="pixelcnn-panel">
      <div className="panel-head">
        <h2>PixelCNN</h2>
        <span className="muted">
          One sub-pixel at a time, each conditioned on all before it · {info.size}×{info.size}
        </span>
      </div>
      <div className="pixelcnn-body">
        <div className="controls">
          <NumberField
            schema={req.temperature.unwrap()}
            label="Temperature"
            testId="pixelcnn-temperature"
            step={0.1}
            width={64}
            value={live.temperature ?? info.temperature}
            onChange={(v) => actions.setPixelCnn({ temperature: v })}
          />
          <NumberField
            schema={pixelCnnCountSchema}
            label="Images"
            testId="pixelcnn-count"
            width={56}
            value={live.count}
            title={`Seeds ${seed} onwards (the sampling panel's seed)`}
            onChange={(v) => actions.setPixelCnn({ count: v })}
          />
          <label className="field pixelcnn-path">
            <span className="field-label">Complete image (optional)</span>
            <input
              className="input"
              data-testid="pixelcnn-complete-path"
              spellCheck={false}
              placeholder="path of an image: keep its top rows"
              value={live.completePath}
              onChange={(e) => actions.setPixelCnn({ completePath: e.target.value })}
            />
          </label>
          {completing && (
            <NumberField
              schema={req.complete.unwrap().shape.rows.max(info.size)}
              label="Keep rows"
              testId="pixelcnn-keep-rows"
              width={56}
              value={Math.min(live.keepRows, info.size)}
              onChange={(v) => actions.setPixelCnn({ keepRows: v })}
            />
          )}
        </div>
        <div className="controls">
          {cancel.enabled ? (
            <button className="button" data-testid="pixelcnn-cancel" onClick={() => cancel.run()}>
              Stop
            </button>
          ) : (
            <button
              className="button primary"
              data-testid="pixelcnn-sample"
              disabled={!sample.enabled}
              onClick={() => sample.run()}
            >
              {completing ? 'Complete live' : 'Sample live'}
            </button>
          )}
          <span
            className="muted"
            data-testid="pixelcnn-status"
            data-status={live.status}
            data-rows={live.done}
          >
            {live.rows > 0
              ? `Row ${live.done} of ${live.rows}${live.status === 'cancelled' ? ' · stopped' : ''}`
              : 'Watch the images fill in, row by row'}
          </span>
        </div>
        <div className="pixelcnn-frames" data-testid="pixelcnn-frames">
          {live.frames.map((f, i) => (
            <FrameCanvas
              key={i}
              frame={revealRows(f, live.done)}
              className="pixelcnn-canvas"
              testId="pixelcnn-canvas"
              label={`Sample ${i + 1}, ${live.done} rows made`}
            />
          ))}
        </div>
      </div>
    </section>
  );
}
