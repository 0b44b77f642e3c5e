import { trainConfigSchema } from '../../../../main/contract/training-schemas';
import { NumberField } from '../../ui/NumberField';
import { Row, type FieldsProps } from './SettingsFields';

/**
 * The autoregressive families' shape: PixelCNN gated blocks; the text transformer's blocks,
 * attention heads and context (characters it reads at once). The engine chose them from the
 * folder's size and says why in the reasons.
 */
export function AutoregressiveFields({ config, set, why }: FieldsProps) {
  if (config.family !== 'pixelcnn' && config.family !== 'text') return null;
  const text = config.family === 'text';
  return (
    <Row why={why('layers')}>
      <NumberField
        schema={trainConfigSchema.shape.layers}
        label={text ? 'Blocks' : 'Gated blocks'}
        testId="train-layers"
        value={config.layers ?? 2}
        width={64}
        onChange={(v) => set({ layers: v })}
      />
      {text && (
        <NumberField
          schema={trainConfigSchema.shape.heads}
          label="Heads"
          testId="train-heads"
          value={config.heads ?? 2}
          width={64}
          onChange={(v) => set({ heads: v })}
        />
      )}
      {text && (
        <NumberField
          schema={trainConfigSchema.shape.context}
          label="Context"
          testId="train-context"
          title="Characters the model reads at once"
          value={config.context ?? 64}
          width={72}
          onChange={(v) => set({ context: v })}
        />
      )}
    </Row>
  );
}
