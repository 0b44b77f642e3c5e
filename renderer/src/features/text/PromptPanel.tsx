import { generationSettingsSchema } from '../../../../main/contract/autoregressive-schemas';
import { useActions, useCommand, useStudioState } from '../../app/StudioContext';
import { NumberField } from '../../ui/NumberField';
import { SelectField } from '../../ui/SelectField';

// The fields' bounds are the contract's (text.generate parses the same schema).
const s = generationSettingsSchema.shape;
const countSchema = s.maxTokens.unwrap().max(8);

/** The model, the prompt and the sampling settings; Generate and Stop. */
export function PromptPanel() {
  const actions = useActions();
  const models = useStudioState((st) => st.text.models);
  const modelId = useStudioState((st) => st.text.modelId);
  const prompt = useStudioState((st) => st.text.prompt);
  const settings = useStudioState((st) => st.text.settings);
  const count = useStudioState((st) => st.text.generateCount);
  const generate = useCommand('text-generate');
  const cancel = useCommand('text-cancel');
  const model = models.find((m) => m.id === modelId);
  const set = actions.setTextSettings;
  return (
    <section className="panel text-prompt" aria-label="Prompt">
      <div className="panel-head">
        <h2>Text</h2>
        <span className="muted">A character model continues your prompt</span>
      </div>
      <div className="panel-body">
        <SelectField
          label="Text model"
          testId="text-model-picker"
          value={modelId}
          disabled={models.length === 0}
          options={
            models.length === 0
              ? [{ value: '', label: 'No text models yet' }]
              : models.map((m) => ({ value: m.id, label: m.name }))
          }
          onChange={(id) => actions.setText({ modelId: id })}
        />
        {model ? (
          <div className="muted" data-testid="text-model-facts">
            {model.vocabSize} characters · context {model.context} · {model.source}
            {model.note && ` · ${model.note}`}
          </div>
        ) : (
          <div className="empty">
            Train one on the Train screen (family “Text”, a folder of .txt/.md files); it appears
            here when the run finishes.{' '}
            <button className="link-button" onClick={() => void actions.run('text-refresh-models')}>
              Refresh
            </button>
          </div>
        )}
        <label className="field text-prompt-field">
          <span className="field-label">Prompt</span>
          <textarea
            className="input"
            data-testid="text-prompt"
            rows={5}
            spellCheck={false}
            value={prompt}
            placeholder="The first words; the model writes what follows."
            onChange={(e) => actions.setText({ prompt: e.target.value })}
          />
        </label>
        <div className="controls text-settings">
          <NumberField
            schema={s.temperature.unwrap()}
            label="Temperature"
            testId="text-temperature"
            step={0.1}
            width={72}
            value={settings.temperature}
            title="0 always takes the likeliest character; higher is more surprising"
            onChange={(v) => set({ temperature: v })}
          />
          <NumberField
            schema={s.topK.unwrap()}
            label="Top-k"
            testId="text-top-k"
            width={64}
            value={settings.topK}
            title="Sample among the k likeliest characters (0: all)"
            onChange={(v) => set({ topK: v })}
          />
          <NumberField
            schema={s.topP.unwrap()}
            label="Top-p"
            testId="text-top-p"
            step={0.05}
            width={64}
            value={settings.topP}
            title="Sample among the likeliest characters that make up this share of probability"
            onChange={(v) => set({ topP: v })}
          />
          <NumberField
            schema={s.maxTokens.unwrap()}
            label="Max tokens"
            testId="text-max-tokens"
            width={72}
            value={settings.maxTokens}
            title="Characters to generate"
            onChange={(v) => set({ maxTokens: v })}
          />
          <NumberField
            schema={s.seed.unwrap()}
            label="Seed"
            testId="text-seed"
            width={100}
            value={settings.seed}
            title="The same seed and settings give the same text in every shell"
            onChange={(v) => set({ seed: v })}
          />
          <NumberField
            schema={countSchema}
            label="Continuations"
            testId="text-count"
            width={56}
            value={count}
            title="How many continuations one Generate makes (seeds seed, seed+1, …)"
            onChange={(v) => actions.setText({ generateCount: v })}
          />
        </div>
        <div className="controls">
          <button
            className="button primary"
            data-testid="text-generate"
            disabled={!generate.enabled}
            title="Generate (Ctrl/Cmd+Enter)"
            onClick={() => generate.run()}
          >
            Generate
          </button>
          <button
            className="button"
            data-testid="text-cancel"
            disabled={!cancel.enabled}
            onClick={() => cancel.run()}
          >
            Stop
          </button>
        </div>
      </div>
    </section>
  );
}
