import { useEffect } from 'react';
import { useActions, useStudioState } from '../../app/StudioContext';
import { EvalHistory } from './EvalHistory';
import { EvalResults } from './EvalResults';
import { EvalSetup } from './EvalSetup';
import './evaluate.css';

/** Typing a folder path reloads the history once the typing stops. */
const HISTORY_DELAY_MS = 400;

/** Evaluate: a generated side against a reference → numbers, nearest neighbours, history, export. */
export function EvaluateScreen() {
  const actions = useActions();
  const currentModel = useStudioState((s) => s.doc.modelId);
  const fakeKind = useStudioState((s) => s.evaluate.fakeKind);
  const fakeModel = useStudioState((s) => s.evaluate.fakeModel);
  const fakeFolder = useStudioState((s) => s.evaluate.fakeFolder);
  const report = useStudioState((s) => s.evaluate.report);
  const status = useStudioState((s) => s.evaluate.status);
  const key = fakeKind === 'model' ? fakeModel || currentModel : fakeFolder.trim() || null;

  useEffect(() => {
    const t = setTimeout(() => void actions.loadEvalHistory(key), HISTORY_DELAY_MS);
    return () => clearTimeout(t);
  }, [actions, key]);

  return (
    <main className="workspace eval-workspace" data-testid="screen-evaluate">
      <section className="panel eval-setup-panel" aria-label="Evaluation setup">
        <div className="panel-head">
          <h2>Evaluate</h2>
          <span className="muted">
            Scores are only comparable with the same extractor and counts
          </span>
        </div>
        <div className="panel-body">
          <EvalSetup />
        </div>
      </section>
      <section className="panel eval-results-panel" aria-label="Results">
        <div className="panel-head">
          <h2>Results</h2>
          {report && <span className="muted">{report.fake.label}</span>}
        </div>
        <div className="panel-body">
          {report ? (
            <EvalResults report={report} />
          ) : (
            <div className="empty run-empty">
              {status === 'running' ? (
                'Extracting features… the numbers appear here when the evaluation ends.'
              ) : (
                <>
                  <b>Compare a model with its training images.</b> Pick the model (or a folder of
                  its samples) and the training folder, then Run. FID and KID measure how close the
                  distributions are; memorisation finds samples that copy a training image.
                </>
              )}
            </div>
          )}
        </div>
      </section>
      <EvalHistory />
    </main>
  );
}
