import { textChannels } from '../../../../main/contract/text-channels';
import { useActions, useCommand, useStudioState } from '../../app/StudioContext';
import { NumberField } from '../../ui/NumberField';
import { SelectField, plainOptions } from '../../ui/SelectField';
import { heldoutFor } from './text-eval';

const bleu = textChannels['text.bleu'].request.shape;
const TOKENIZERS = bleu.tokenize.unwrap().options;
const SMOOTHING = bleu.smooth.unwrap().options;

/** BLEU of continuations of held-out passages (with its settings and n-gram precisions), bits/char. */
export function TextEvaluationPanel() {
  const actions = useActions();
  const e = useStudioState((s) => s.text.evaluation);
  const fromRun = useStudioState((s) => (s.text.evaluation.heldout.trim() ? '' : heldoutFor(s)));
  const evaluate = useCommand('text-evaluate');
  const cancel = useCommand('text-evaluate-cancel');
  const set = actions.setTextEvaluation;
  const running = e.status === 'running';
  const r = e.report;
  return (
    <section className="panel text-eval" aria-label="Evaluate the text model">
      <div className="panel-head">
        <h2>Evaluate</h2>
        <span className="muted">Held-out text the model never trained on</span>
      </div>
      <div className="panel-body">
        <fieldset className="text-eval-setup" disabled={running}>
          <label className="field">
            <span className="field-label">Held-out folder</span>
            <input
              className="input"
              data-testid="text-heldout"
              spellCheck={false}
              autoComplete="off"
              value={e.heldout}
              placeholder={fromRun || 'a folder of .txt/.md files'}
              title={fromRun ? `Empty: the training run's held-out passages, ${fromRun}` : ''}
              onChange={(ev) => set({ heldout: ev.target.value })}
            />
          </label>
          <div className="controls">
            <NumberField
              schema={bleu.promptChars.unwrap()}
              label="Prompt chars"
              width={64}
              value={e.promptChars}
              title="Each passage's first characters are the prompt"
              onChange={(v) => set({ promptChars: v })}
            />
            <NumberField
              schema={bleu.continuationChars.unwrap()}
              label="Continuation"
              width={64}
              value={e.continuationChars}
              title="Characters generated and compared with the true rest"
              onChange={(v) => set({ continuationChars: v })}
            />
            <NumberField
              schema={bleu.maxPassages.unwrap()}
              label="Passages"
              testId="text-eval-passages"
              width={64}
              value={e.maxPassages}
              onChange={(v) => set({ maxPassages: v })}
            />
          </div>
          <div className="controls">
            <SelectField
              label="Tokeniser"
              value={e.tokenize}
              options={TOKENIZERS.map((t) => ({
                value: t,
                label: t === '13a' ? '13a (sacreBLEU)' : t,
              }))}
              onChange={(tokenize) => set({ tokenize })}
            />
            <SelectField
              label="Smoothing"
              value={e.smooth}
              options={plainOptions(SMOOTHING)}
              onChange={(smooth) => set({ smooth })}
            />
          </div>
        </fieldset>
        <div className="controls">
          <button
            className="button primary"
            data-testid="text-evaluate"
            disabled={!evaluate.enabled}
            onClick={() => evaluate.run()}
          >
            Evaluate
          </button>
          {cancel.enabled && (
            <button className="button" onClick={() => cancel.run()}>
              Cancel
            </button>
          )}
        </div>
        {e.message && <div className="callout info">{e.message}</div>}
        {r && (
          <div className="text-eval-results" data-testid="text-bleu-result">
            <div className="stat good">
              <span className="stat-value" data-testid="text-bleu">
                {(100 * r.bleu).toFixed(2)}
              </span>
              <span className="stat-label">BLEU (0–100, corpus)</span>
            </div>
            <div className="muted" data-testid="text-bleu-settings">
              tokeniser {r.tokenize} · smoothing {r.smooth} · {r.passages} passages ·{' '}
              {r.promptChars} prompt chars → {r.continuationChars} · T {r.sampling.temperature},
              top-p {r.sampling.topP}, seed {r.sampling.seed}
            </div>
            <table className="ngram-table" data-testid="text-bleu-precisions">
              <thead>
                <tr>
                  {r.precisions.map((_, i) => (
                    <th key={i}>{i + 1}-gram</th>
                  ))}
                  <th title="Brevity penalty">BP</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  {r.precisions.map((p, i) => (
                    <td key={i}>{(100 * p).toFixed(1)}</td>
                  ))}
                  <td>{r.brevityPenalty.toFixed(3)}</td>
                </tr>
              </tbody>
            </table>
            <div className="muted">
              {r.hypLen} generated words against {r.refLen} reference words
            </div>
          </div>
        )}
        {e.nll && (
          <div className="stat good" data-testid="text-nll">
            <span className="stat-value">{e.nll.bitsPerChar.toFixed(3)}</span>
            <span className="stat-label">
              bits/char · perplexity {e.nll.perplexity.toFixed(2)} · {e.nll.chars} characters
            </span>
          </div>
        )}
        {r && r.examples.length > 0 && (
          <ul className="bleu-examples">
            {r.examples.slice(0, 3).map((x, i) => (
              <li key={i}>
                <span className="prompt-part">{x.prompt}</span>
                <span className="generated-part">{x.generated}</span>
                <div className="muted">true rest: {x.reference}</div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
