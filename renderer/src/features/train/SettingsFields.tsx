import type { ReactNode } from 'react';
import { trainConfigSchema, type TrainConfig } from '../../../../main/contract/training-schemas';
import { NumberField } from '../../ui/NumberField';
import { DiffusionFields } from './DiffusionFields';
import type { FieldKey } from './reasons';

export interface FieldsProps {
  config: TrainConfig;
  set: (patch: Partial<TrainConfig>) => void;
  why: (key: FieldKey) => string[] | undefined;
}

export function ScheduleFields({ config, set, why }: FieldsProps) {
  return (
    <Group title="Schedule">
      <Row why={why('steps')}>
        <NumberField
          schema={trainConfigSchema.shape.steps}
          label="Steps"
          testId="train-steps"
          value={config.steps}
          width={100}
          onChange={(v) => set({ steps: v })}
        />
        <NumberField
          schema={trainConfigSchema.shape.batch}
          label="Batch"
          testId="train-batch"
          value={config.batch}
          width={72}
          onChange={(v) => set({ batch: v })}
        />
      </Row>
      <Row why={why('batch')} />
      <Row why={why('cadence')}>
        <NumberField
          schema={trainConfigSchema.shape.previewEvery}
          label="Preview every"
          testId="train-preview-every"
          value={config.previewEvery}
          width={90}
          onChange={(v) => set({ previewEvery: v })}
        />
        <NumberField
          schema={trainConfigSchema.shape.checkpointEvery}
          label="Checkpoint every"
          testId="train-checkpoint-every"
          value={config.checkpointEvery}
          width={90}
          onChange={(v) => set({ checkpointEvery: v })}
        />
        <NumberField
          schema={trainConfigSchema.shape.keepCheckpoints}
          label="Keep"
          title="How many checkpoints to keep on disk"
          value={config.keepCheckpoints}
          width={56}
          onChange={(v) => set({ keepCheckpoints: v })}
        />
      </Row>
    </Group>
  );
}

export function OptimisationFields({ config, set, why }: FieldsProps) {
  return (
    <Group title="Optimisation">
      <Row why={why('learningRate')}>
        <NumberField
          schema={trainConfigSchema.shape.learningRate}
          label="Learning rate"
          testId="train-lr"
          value={config.learningRate}
          step={0.0001}
          width={100}
          onChange={(v) => set({ learningRate: v })}
        />
        <NumberField
          schema={trainConfigSchema.shape.seed}
          label="Seed"
          value={config.seed}
          width={110}
          onChange={(v) => set({ seed: v })}
        />
      </Row>
      {config.family === 'gan' && (
        <Row why={why('gan')}>
          <label className="field">
            <span className="field-label">Loss</span>
            <select
              data-testid="train-loss"
              value={config.loss}
              onChange={(e) =>
                set({ loss: e.target.value === 'hinge' ? 'hinge' : 'nonsaturating' })
              }
            >
              <option value="nonsaturating">Non-saturating</option>
              <option value="hinge">Hinge</option>
            </select>
          </label>
          <label
            className="check"
            title="Differentiable augmentation: helps GANs on small datasets"
          >
            <input
              type="checkbox"
              data-testid="train-diffaugment"
              checked={config.diffAugment}
              onChange={(e) => set({ diffAugment: e.target.checked })}
            />
            DiffAugment
          </label>
        </Row>
      )}
      {config.family === 'vae' && (
        <Row why={why('vae')}>
          <NumberField
            schema={trainConfigSchema.shape.vaeBeta}
            label="VAE β"
            testId="train-vae-beta"
            title="Weight of the KL term: higher is smoother, lower is sharper"
            value={config.vaeBeta}
            step={0.1}
            width={80}
            onChange={(v) => set({ vaeBeta: v })}
          />
        </Row>
      )}
      {config.family === 'diffusion' && <DiffusionFields config={config} set={set} why={why} />}
    </Group>
  );
}

export function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="settings-group">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

/** A row of fields with the engine's reasons for them underneath (a "why" row alone when empty). */
export function Row({ why, children }: { why: string[] | undefined; children?: ReactNode }) {
  if (!children && !why?.length) return null;
  return (
    <div className="settings-row">
      {children && <div className="controls">{children}</div>}
      {why?.map((r) => (
        <p key={r} className="why">
          {r}
        </p>
      ))}
    </div>
  );
}
