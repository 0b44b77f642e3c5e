import {
  builtInExtractors,
  evalRequestSchema,
  type EvalMetric,
} from '../../../../main/contract/eval-schemas';
import { useActions, useCommand, useStudioState } from '../../app/StudioContext';
import type { EvaluateState, ExtractorChoice } from '../../store/evaluate';
import { NumberField } from '../../ui/NumberField';
import { EvalProgress } from './EvalProgress';

const METRICS: { id: EvalMetric; label: string; hint: string }[] = [
  { id: 'fid', label: 'FID', hint: 'Fréchet distance of feature statistics (lower is better)' },
  { id: 'kid', label: 'KID', hint: 'Kernel distance; unbiased, better than FID on small samples' },
  { id: 'pr', label: 'Precision / recall', hint: 'Fidelity and diversity (k-NN manifolds)' },
  { id: 'is', label: 'Inception Score', hint: 'Needs an extractor with a classifier head' },
  {
    id: 'memorization',
    label: 'Memorisation',
    hint: 'Samples suspiciously close to a training image',
  },
];

const EXTRACTORS: { id: ExtractorChoice; label: string }[] = [
  ...builtInExtractors,
  { id: 'onnx', label: 'ONNX file…' },
];

type PathField = keyof Pick<EvaluateState, 'fakeFolder' | 'realPath' | 'extractorPath'>;

/** What to evaluate against what, with which features and metrics; Run and its progress. */
export function EvalSetup() {
  const actions = useActions();
  const models = useStudioState((s) => s.models);
  const currentModel = useStudioState((s) => s.doc.modelId);
  const e = useStudioState((s) => s.evaluate);
  const run = useCommand('eval-run');
  const running = e.status === 'running';
  /** A path typed by the user, kept in the evaluate state under `key`. */
  const path = (testId: string, key: PathField, placeholder: string) => (
    <input
      className="input"
      data-testid={testId}
      spellCheck={false}
      autoComplete="off"
      placeholder={placeholder}
      value={e[key]}
      disabled={running}
      onChange={(ev) => actions.setEval({ [key]: ev.target.value })}
    />
  );
  return (
    <>
      <fieldset className="eval-setup" disabled={running}>
        <div className="eval-group">
          <h3>Generated</h3>
          <div className="segmented" role="radiogroup" aria-label="Generated side">
            {(['model', 'folder'] as const).map((kind) => (
              <label key={kind} className={`seg ${e.fakeKind === kind ? 'on' : ''}`}>
                <input
                  type="radio"
                  name="eval-fake-kind"
                  data-testid={`eval-fake-${kind}`}
                  checked={e.fakeKind === kind}
                  onChange={() => actions.setEval({ fakeKind: kind })}
                />
                {kind === 'model' ? 'Library model' : 'Folder of samples'}
              </label>
            ))}
          </div>
          {e.fakeKind === 'model' ? (
            <select
              className="input"
              data-testid="eval-model"
              value={e.fakeModel || currentModel || ''}
              onChange={(ev) => actions.setEval({ fakeModel: ev.target.value })}
            >
              {models.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          ) : (
            path('eval-fake-folder', 'fakeFolder', '/path/to/samples')
          )}
        </div>
        <div className="eval-group">
          <h3>Reference</h3>
          {path('eval-real-path', 'realPath', 'training folder, or stats.npz')}
          <span className="muted small-print">
            A folder of images, or pytorch-fid statistics (.npz, FID only).
          </span>
        </div>
        <div className="eval-group">
          <h3>Features</h3>
          <select
            className="input"
            data-testid="eval-extractor"
            value={e.extractor}
            onChange={(ev) => actions.setEval({ extractor: ev.target.value as ExtractorChoice })}
          >
            {EXTRACTORS.map((x) => (
              <option key={x.id} value={x.id}>
                {x.label}
              </option>
            ))}
          </select>
          {e.extractor === 'onnx' &&
            path('eval-extractor-path', 'extractorPath', '/path/to/extractor.onnx')}
        </div>
        <div className="eval-group">
          <h3>Metrics</h3>
          <div className="eval-metrics">
            {METRICS.map((m) => (
              <label key={m.id} className="check" title={m.hint}>
                <input
                  type="checkbox"
                  data-testid={`eval-metric-${m.id}`}
                  checked={e.metrics[m.id]}
                  onChange={(ev) =>
                    actions.setEval((s) => ({
                      metrics: { ...s.metrics, [m.id]: ev.target.checked },
                    }))
                  }
                />
                {m.label}
              </label>
            ))}
          </div>
          <NumberField
            label="Samples (images per side, at most)"
            value={e.count}
            schema={evalRequestSchema.shape.count}
            testId="eval-count"
            onChange={(count) => actions.setEval({ count })}
            onEnter={() => run.run()}
          />
        </div>
        <button
          className="button primary eval-run"
          data-testid="eval-run-button"
          disabled={running || !run.enabled}
          onClick={() => run.run()}
        >
          {running ? 'Evaluating…' : 'Run evaluation'}
        </button>
      </fieldset>
      <EvalProgress />
    </>
  );
}
