import { useActions, useCommand, useStudioState } from '../../app/StudioContext';
import { runView } from '../../store/training';
import { baseName, stateWords } from './words';

/** Every run the engine knows (train.list), so a reload can reattach to one. */
export function RunsList() {
  const actions = useActions();
  const refresh = useCommand('train-refresh-runs');
  const training = useStudioState((s) => s.training);
  const ids = Object.keys(training.runs).reverse();
  return (
    <section className="runs" aria-label="Runs">
      <div className="runs-head">
        <h3>Runs</h3>
        <button className="button small ghost" onClick={() => refresh.run()}>
          Refresh
        </button>
      </div>
      {ids.length === 0 ? (
        <div className="muted runs-empty">No runs yet in this session or data folder.</div>
      ) : (
        <table className="report-table runs-table" data-testid="train-runs">
          <tbody>
            {ids.map((id) => {
              const run = runView(training, id);
              if (!run) return null;
              const step = run.progress?.step ?? 0;
              return (
                <tr
                  key={id}
                  className={id === training.runId ? 'on' : ''}
                  onClick={() => actions.selectRun(id)}
                  title={`${run.folder} → ${run.out}`}
                >
                  <td className="file-cell">{baseName(run.folder)}</td>
                  <td className="muted">
                    {run.config.family.toUpperCase()} · {run.config.size}px
                  </td>
                  <td>
                    <span className={`state-dot ${run.state}`} /> {stateWords(run.state)}
                  </td>
                  <td className="num">
                    {step.toLocaleString('en-US')} / {run.config.steps.toLocaleString('en-US')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
