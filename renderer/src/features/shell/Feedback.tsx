import { useEffect, useState } from 'react';
import { useActions, useStudioState } from '../../app/StudioContext';

const SHOW_AFTER_MS = 500;

/** Progress for anything running longer than half a second, with Cancel when it has a job id. */
export function ProgressBar() {
  const actions = useActions();
  const progress = useStudioState((s) => s.progress);
  const [now, setNow] = useState(() => Date.now());
  const first = progress[0];
  useEffect(() => {
    if (!first) return;
    const wait = first.startedAt + SHOW_AFTER_MS - Date.now();
    const t = setTimeout(() => setNow(Date.now()), Math.max(0, wait) + 10);
    return () => clearTimeout(t);
  }, [first]);
  if (!first || now - first.startedAt < SHOW_AFTER_MS) return null;
  const pct = first.total > 0 ? Math.min(100, (first.done / first.total) * 100) : null;
  return (
    <div className="progress" data-testid="progress" role="status">
      <div className="progress-text">
        {first.label}
        {pct !== null && <span className="muted"> · {Math.round(pct)}%</span>}
        {progress.length > 1 && (
          <span className="muted"> · {progress.length - 1} more waiting</span>
        )}
      </div>
      <div className={`progress-track ${pct === null ? 'indeterminate' : ''}`}>
        <div className="progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
      {first.jobId && (
        <button
          className="button small"
          data-testid="progress-cancel"
          onClick={() => void actions.cancelJob(first.jobId!)}
        >
          Cancel
        </button>
      )}
    </div>
  );
}

export function Toasts() {
  const actions = useActions();
  const toasts = useStudioState((s) => s.toasts);
  const errors = useStudioState((s) => s.errors);
  const latest = errors[errors.length - 1];
  return (
    <>
      {latest && (
        <div className="error-banner" data-testid="error-banner" role="alert">
          <span className="error-icon" aria-hidden>
            !
          </span>
          <span className="error-text">{latest.text}</span>
          {errors.length > 1 && <span className="muted">({errors.length - 1} earlier)</span>}
          <button
            className="icon-button"
            aria-label="Dismiss"
            onClick={() => errors.forEach((e) => actions.dismiss(e.id))}
          >
            ✕
          </button>
        </div>
      )}
      <div className="toasts" aria-live="polite">
        {toasts.map((t) => (
          <div
            key={t.id}
            className={`toast ${t.kind}`}
            data-testid="toast"
            onClick={() => actions.dismiss(t.id)}
          >
            {t.text}
          </div>
        ))}
      </div>
    </>
  );
}

export function ConnectionBanner() {
  const connection = useStudioState((s) => s.connection);
  const everConnected = useStudioState((s) => s.everConnected);
  if (connection === 'open') return null;
  let text = 'Connecting to the engine…';
  if (connection === 'disconnected') {
    text = everConnected
      ? 'Disconnected from the engine — reconnecting… If you restarted "latent-studio serve", open the new link it printed: each start has a new access token.'
      : 'Cannot reach the engine. Check that "latent-studio serve" is running and open the full link it printed (it includes the access token). Retrying…';
  }
  return (
    <div className={`connection ${connection}`} data-testid="connection-status" role="status">
      {text}
    </div>
  );
}
