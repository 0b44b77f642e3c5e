import { useActions, useStudioState } from '../app/StudioContext';
import { NumberField } from '../components/common/NumberField';
import { FrameCanvas } from '../pixels/FrameCanvas';
import { currentModel } from '../state/studio';
import { useSlice } from '../state/store';
import { diffusionStore } from './diffusion-store';
import { denoiseLive } from './live-denoise';
import './diffusion.css';

/**
 * Shown when the selected model is a diffusion model: the sampler, its steps and eta (used by
 * every grid, canvas, strip and export through sampling-api.ts), and the live denoising view.
 */
export function DiffusionPanel() {
  const actions = useActions();
  const model = useStudioState(currentModel);
  const busy = useStudioState((s) => s.progress.length > 0);
  const sampling = useSlice(diffusionStore, (s) => s.sampling);
  const live = useSlice(diffusionStore, (s) => s.live);
  if (!model?.diffusion) return null;
  const defaults = model.diffusion.defaults;
  const sampler = sampling.sampler ?? defaults.sampler;
  const steps = sampling.steps ?? defaults.steps;
  const eta = sampling.eta ?? defaults.eta;
  const maxSteps = Math.min(1000, model.diffusion.scheduler.num_train_timesteps);
  const set = (patch: Partial<typeof sampling>) =>
    diffusionStore.set((s) => ({ sampling: { ...s.sampling, ...patch } }));
  const resample = () => void actions.sample();

  return (
    <section
      className="panel diffusion"
      aria-label="Diffusion sampling"
      data-testid="diffusion-panel"
    >
      <div className="panel-head">
        <h2>Diffusion</h2>
        <span className="muted">
          The latent is the starting noise x_T · truncation scales it (a noise scale)
        </span>
      </div>
      <div className="diffusion-body">
        <div className="diffusion-controls">
          <div className="controls">
            <label className="field">
              <span className="field-label">Sampler</span>
              <select
                className="input"
                data-testid="sampler-select"
                value={sampler}
                onChange={(e) => {
                  set({ sampler: e.target.value === 'ddpm' ? 'ddpm' : 'ddim' });
                  resample();
                }}
              >
                <option value="ddim">DDIM</option>
                <option value="ddpm">DDPM (ancestral)</option>
              </select>
            </label>
            <NumberField
              label="Steps"
              testId="steps-input"
              value={steps}
              min={1}
              max={maxSteps}
              integer
              width={64}
              title={`Denoising steps (1 to ${maxSteps}); more is slower and usually cleaner`}
              onChange={(v) => set({ steps: v })}
              onEnter={resample}
            />
            <NumberField
              label="Eta"
              testId="eta-input"
              value={sampler === 'ddpm' ? 0 : eta}
              min={0}
              max={1}
              step={0.1}
              width={60}
              title="DDIM only: 0 is deterministic (the noise decides the image), 1 adds DDPM-like noise each step"
              onChange={(v) => set({ eta: v })}
              onEnter={resample}
            />
          </div>
          <div className="controls">
            {live.jobId ? (
              <button
                className="button"
                data-testid="denoise-cancel"
                onClick={() => void actions.cancelJob(live.jobId!)}
              >
                Cancel denoising
              </button>
            ) : (
              <button
                className="button primary"
                data-testid="denoise-button"
                disabled={busy}
                title="Sample the selected image (or the seed) again, showing the predicted clean image at every step"
                onClick={() => void denoiseLive(actions.ctx, diffusionStore)}
              >
                Denoise live
              </button>
            )}
            <span className="muted" data-testid="denoise-step">
              {live.total > 0
                ? `Step ${live.step}/${live.total}${live.timestep !== null && live.jobId ? ` · t=${live.timestep}` : ''}`
                : 'Watch an image emerge from noise'}
            </span>
          </div>
        </div>
        <div className="diffusion-view">
          <FrameCanvas
            frame={live.frame}
            hash
            testId="denoise-view"
            className="diffusion-canvas"
            label="Predicted clean image at the current step"
          />
        </div>
      </div>
    </section>
  );
}
