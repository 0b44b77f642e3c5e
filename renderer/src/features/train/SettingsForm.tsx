import { trainConfigSchema, type TrainConfig } from '../../../../main/contract/training-schemas';
import { useActions, useStudioState } from '../../app/StudioContext';
import { NumberField } from '../../ui/NumberField';
import { DetectorFields } from './DetectorFields';
import { reasonsByField, reasonsFollowingSettings, type FieldKey } from './reasons';
import { Group, OptimisationFields, Row, ScheduleFields } from './SettingsFields';

/** train.defaults fills this form; every value stays editable; the engine's reasons sit beside them. */
export function SettingsForm({ disabled }: { disabled: boolean }) {
  const actions = useActions();
  const config = useStudioState((s) => s.training.config);
  const reasons = useStudioState((s) => s.training.reasons);
  const suggested = useStudioState((s) => s.training.suggested);
  if (!config) {
    return (
      <div className="empty">
        Scan a folder first: the engine suggests settings that fit it, and says why.
      </div>
    );
  }
  const set = (patch: Partial<TrainConfig>) => actions.updateTrainConfig(patch);
  const { byField, general } = reasonsByField(reasons);
  const why = (key: FieldKey) => reasonsFollowingSettings(key, byField[key], config, suggested);
  return (
    <fieldset className="settings" disabled={disabled}>
      <Group title="Model">
        <Row why={why('family')}>
          <label className="field">
            <span className="field-label">Family</span>
            <select
              data-testid="train-family"
              value={config.family}
              onChange={(e) => void actions.setTrainFamily(e.target.value as TrainConfig['family'])}
            >
              <option value="gan">GAN (DCGAN)</option>
              <option value="vae">VAE</option>
              <option value="diffusion">Diffusion (U-Net)</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">Size</span>
            <select
              data-testid="train-size"
              value={config.size}
              onChange={(e) => set({ size: Number(e.target.value) === 64 ? 64 : 32 })}
            >
              <option value={32}>32 × 32</option>
              <option value={64}>64 × 64</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">Colour</span>
            <select
              data-testid="train-channels"
              value={config.channels}
              onChange={(e) => set({ channels: Number(e.target.value) === 1 ? 1 : 3 })}
            >
              <option value={3}>RGB</option>
              <option value={1}>Grayscale</option>
            </select>
          </label>
        </Row>
        <Row why={why('size')} />
        <Row why={[...(why('width') ?? []), ...(why('latentDim') ?? [])]}>
          <NumberField
            schema={trainConfigSchema.shape.width}
            label={config.family === 'diffusion' ? 'U-Net width' : 'Width'}
            testId="train-width"
            title="Base width of the networks: channels of the widest-resolution layer"
            value={config.width ?? 32}
            width={72}
            onChange={(v) => set({ width: v })}
          />
          {config.family !== 'diffusion' && (
            <NumberField
              schema={trainConfigSchema.shape.latentDim}
              label="Latent dim"
              testId="train-latent"
              value={config.latentDim}
              width={90}
              onChange={(v) => set({ latentDim: v })}
            />
          )}
          <label className="field">
            <span className="field-label">Transparency</span>
            <select
              value={config.background}
              onChange={(e) => set({ background: e.target.value === 'black' ? 'black' : 'white' })}
            >
              <option value="white">on white</option>
              <option value="black">on black</option>
            </select>
          </label>
        </Row>
      </Group>
      <ScheduleFields config={config} set={set} why={why} />
      <OptimisationFields config={config} set={set} why={why} />
      <DetectorFields config={config} set={set} />
      {general.length > 0 && (
        <ul className="reasons" data-testid="train-reasons">
          {general.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
