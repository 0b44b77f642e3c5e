import type { TrainConfig } from '../../../../main/contract/training-schemas';
import { Row, type FieldsProps } from './SettingsFields';

/**
 * A diffusion run's own settings: what the denoiser predicts and the noise schedule. Epsilon on
 * DDPM's linear schedule is the default; v-prediction on the cosine schedule gives usable few-step
 * previews sooner on small models (the estimate of the clean image at high noise is the network's
 * output rather than a division by a small √ᾱ_t).
 */
export function DiffusionFields({ config, set, why }: FieldsProps) {
  return (
    <Row why={why('diffusion')}>
      <label className="field">
        <span className="field-label">Predicts</span>
        <select
          data-testid="train-prediction"
          value={config.prediction ?? 'epsilon'}
          onChange={(e) =>
            set({ prediction: e.target.value as NonNullable<TrainConfig['prediction']> })
          }
        >
          <option value="epsilon">the noise (epsilon)</option>
          <option value="v_prediction">v (v-prediction)</option>
        </select>
      </label>
      <label className="field">
        <span className="field-label">Noise schedule</span>
        <select
          data-testid="train-noise-schedule"
          value={config.noiseSchedule ?? 'linear'}
          onChange={(e) =>
            set({ noiseSchedule: e.target.value === 'cosine' ? 'cosine' : 'linear' })
          }
        >
          <option value="linear">linear (DDPM)</option>
          <option value="cosine">cosine</option>
        </select>
      </label>
    </Row>
  );
}
