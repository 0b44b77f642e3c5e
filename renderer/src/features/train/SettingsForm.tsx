import { trainConfigSchema, type TrainConfig } from '../../../../main/contract/training-schemas';
import { useActions, useStudioState } from '../../app/StudioContext';
import { NumberField } from '../../ui/NumberField';
import { AutoregressiveFields } from './AutoregressiveFields';
import { DetectorFields } from './DetectorFields';
import { reasonsByField, reasonsFollowingSettings, type FieldKey } from './reasons';
import { Group, OptimisationFields, Row, ScheduleFields } from './SettingsFields';

const WIDTH_LABEL: Record<TrainConfig['family'], string> = {
  gan: 'Width',
  vae: 'Width',
  diffusion: 'U-Net width',
  pixelcnn: 'Filters',
  text: 'Model width',
};

const sizeOf = (v: number): TrainConfig['size'] => (v === 64 ? 64 : v === 28 ? 28 : 32);

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
  const text = config.family === 'text';
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
              <option value="pixelcnn">PixelCNN (pixel by pixel)</option>
              <option value="text">Text (character transformer)</option>
            </select>
          </label>
          {!text && (
            <label className="field">
              <span className="field-label">Size</span>
              <select
                data-testid="train-size"
                value={config.size}
                onChange={(e) => set({ size: sizeOf(Number(e.target.value)) })}
              >
                {config.family === 'pixelcnn' && <option value={28}>28 × 28</option>}
                <option value={32}>32 × 32</option>
                <option value={64}>64 × 64</option>
              </select>
            </label>
          )}
          <label className="field" hidden={text}>
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
            label={WIDTH_LABEL[config.family]}
            testId="train-width"
            title="Base width of the networks: channels of the widest-resolution layer"
            value={config.width ?? 32}
            width={72}
            onChange={(v) => set({ width: v })}
          />
          {(config.family === 'gan' || config.family === 'vae') && (
            <NumberField
              schema={trainConfigSchema.shape.latentDim}
              label="Latent dim"
              testId="train-latent"
              value={config.latentDim}
              width={90}
              onChange={(v) => set({ latentDim: v })}
            />
          )}
          <label className="field" hidden={text}>
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
        <AutoregressiveFields config={config} set={set} why={why} />
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
