import { useActions, useStudioState } from '../../app/StudioContext';
import { Callout } from '../../ui/Callout';

/** The running evaluation's phase and bar with Cancel; afterwards, how it ended when not done. */
export function EvalProgress() {
  const actions = useActions();
  const status = useStudioState((s) => s.evaluate.status);
  const message = useStudioState((s) => s.evaluate.message);
  const jobId = useStudioState((s) => s.evaluate.jobId);
  const entry = useStudioState((s) => s.progress.find((p) => jobId !== null && p.jobId === jobId));
  const pct = entry && entry.total > 0 ? Math.min(100, (100 * entry.done) / entry.total) : null;
  return (
    <div className="eval-progress" data-testid="eval-status" data-status={status}>
      {status === 'running' && (
        <>
          <div className="eval-progress-row">
            <span>{entry?.label ?? 'Starting the evaluation…'}</span>
            <span className="muted">
              {entry && entry.total > 0 ? `${entry.done} of ${entry.total}` : ''}
            </span>
          </div>
          <div className={`progress-track ${pct === null ? 'indeterminate' : ''}`}>
            <div
              className="progress-fill"
              style={pct === null ? undefined : { width: `${pct}%` }}
            />
          </div>
          <button
            className="button small danger"
            data-testid="eval-cancel-button"
            onClick={() => void actions.run('eval-cancel')}
          >
            Cancel
          </button>
        </>
      )}
      {status === 'cancelled' && <div className="callout info">{message}</div>}
      {status === 'failed' && (
        <Callout kind="error">
          <span>
            <b>The evaluation failed.</b> {message}
          </span>
        </Callout>
      )}
    </div>
  );
}
