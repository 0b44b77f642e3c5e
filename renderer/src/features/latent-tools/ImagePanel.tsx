import { channels } from '../../../../main/contract/channels';
import { useActions, useCommand, useStudioState } from '../../app/StudioContext';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import { decodePreview } from '../../pixels/image';
import { currentModel } from '../../store/selectors';
import { inversionSteps } from './image-latent';
import type { ImageTarget } from '../../store/state';
import { NumberField } from '../../ui/NumberField';

const stepsSchema = channels['image.project'].request.shape.steps;

/** Image → latent: open, drop or paste a picture; encode it (VAE) or project it (any model). */
export function ImagePanel() {
  const actions = useActions();
  const target = useStudioState((s) => s.imageTarget);
  const model = useStudioState(currentModel);
  const resultFrame = useStudioState((s) => (target?.result ? s.frames[target.result] : undefined));
  const project = useCommand('project-image');
  const encode = useCommand('encode-image');
  const steps = useStudioState((s) => s.projectionSteps);
  const ddimSteps = useStudioState(inversionSteps);
  const running = target?.status === 'running';
  return (
    <div className="image-panel" data-testid="image-panel">
      <div className="controls">
        <label className="button primary">
          Open an image…
          <input
            id="open-image-input"
            data-testid="open-image-input"
            type="file"
            accept="image/*"
            hidden
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void decodePreview(file).then((p) => actions.openFile(file, p));
            }}
          />
        </label>
        <span className="muted tool-hint">
          or drop one anywhere, or paste it (Ctrl+V).{' '}
          {model?.hasEncoder
            ? 'This model has an encoder: the image is encoded at once.'
            : ddimSteps !== null
              ? `Diffusion model: the image is inverted at once to its starting noise (DDIM inversion, ${ddimSteps} steps as in the Diffusion panel).`
              : 'This model has no encoder: the image is found by projection.'}
        </span>
      </div>
      {target && (
        <>
          <div className="moved">
            <figure>
              <FrameCanvas frame={target.preview} className="moved-canvas" label={target.name} />
              <figcaption className="muted">{target.name}</figcaption>
            </figure>
            <span className="moved-arrow" aria-hidden>
              →
            </span>
            <figure>
              <FrameCanvas
                frame={resultFrame}
                hash
                testId="image-result"
                className="moved-canvas"
                label="In the latent space"
              />
              <figcaption className="muted" data-testid="image-status">
                {statusWords(target)}
              </figcaption>
            </figure>
          </div>
          <div className="controls">
            {model?.hasEncoder && (
              <button
                className="button"
                data-testid="encode-button"
                disabled={!encode.enabled}
                onClick={() => encode.run()}
              >
                Encode
              </button>
            )}
            {ddimSteps === null && (
              <NumberField
                label="Search steps"
                testId="project-steps"
                value={steps}
                schema={stepsSchema}
                width={72}
                onChange={(projectionSteps) => actions.setView({ projectionSteps })}
              />
            )}
            <button
              className="button"
              data-testid="project-button"
              disabled={!project.enabled}
              onClick={() => project.run()}
              title={
                ddimSteps === null
                  ? 'Search for the latent whose image is closest (features and pixels)'
                  : `Run DDIM backwards from the image to its x_T (${ddimSteps} steps)`
              }
            >
              {ddimSteps === null ? 'Project' : 'Invert'}
            </button>
            {running && target.jobId && (
              <button
                className="button danger"
                data-testid="project-cancel"
                onClick={() => void actions.cancelJob(target.jobId!)}
                title="Stop and keep the best found so far"
              >
                Stop
              </button>
            )}
            <button
              className="button ghost"
              disabled={running}
              onClick={() => actions.clearTarget()}
            >
              Clear
            </button>
          </div>
          {running && target.mode === 'project' && (
            <div className={`progress-track ${target.steps > 0 ? '' : 'indeterminate'}`}>
              <div
                className="progress-fill"
                style={
                  target.steps > 0 ? { width: `${(100 * target.step) / target.steps}%` } : undefined
                }
              />
            </div>
          )}
        </>
      )}
    </div>
  );
}

function statusWords(t: ImageTarget): string {
  if (t.status === 'running')
    return t.mode === 'encode'
      ? 'encoding…'
      : `step ${t.step} of ${t.steps}${t.distance !== null ? ` · distance ${t.distance.toFixed(3)}` : ''}`;
  if (t.status === 'failed') return 'did not finish';
  if (t.status === 'done')
    return t.mode === 'encode'
      ? 'encoded (on the canvas)'
      : `distance ${formatDistance(t.distance)} (on the canvas)`;
  return t.mode === 'encode' ? 'not encoded yet' : 'press Project';
}

/** Searches end around 0.1; DDIM inversions far below 0.001, where toFixed would say 0.000. */
function formatDistance(d: number | null): string {
  if (d === null) return '—';
  return d !== 0 && d < 0.001 ? d.toExponential(2) : d.toFixed(3);
}
