import { useActions, useCommand, useStudioState } from '../../app/StudioContext';
import { inDesktopShell } from '../../app/platform';
import { SCAN_LABEL } from './training';
import { baseName } from './words';

/**
 * A path on the engine's machine (the page cannot browse the server's disk), recent folders, Scan.
 * Browse… opens the native folder dialog, answered by the Electron shell
 * (main/electron/folder-dialog.ts), so it shows only there.
 */
export function FolderField() {
  const actions = useActions();
  const folder = useStudioState((s) => s.training.folder);
  const recent = useStudioState((s) => s.training.recentFolders);
  const busy = useStudioState((s) => s.training.busy);
  const scanning = useStudioState((s) => s.progress.find((p) => p.label === SCAN_LABEL));
  const scan = useCommand('train-scan');
  const dialog = inDesktopShell();
  return (
    <div className="folder-field">
      <label className="field-label" htmlFor="train-folder">
        Folder of training images <span className="muted">(a path on the engine’s machine)</span>
      </label>
      <div className="folder-row">
        <input
          id="train-folder"
          className="input folder-input"
          data-testid="train-folder-input"
          placeholder="/home/me/pictures/cats"
          spellCheck={false}
          autoComplete="off"
          value={folder}
          onChange={(e) => actions.setTrainFolder(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') scan.run();
          }}
        />
        {dialog && (
          <button
            className="button"
            data-testid="train-browse-button"
            disabled={busy}
            onClick={() => void actions.run('train-browse-folder')}
          >
            Browse…
          </button>
        )}
        <button
          className="button primary"
          data-testid="train-scan-button"
          disabled={!scan.enabled}
          onClick={() => scan.run()}
        >
          {busy ? 'Scanning…' : 'Scan'}
        </button>
      </div>
      {scanning && (
        <div className="scan-progress" role="status">
          <div className={`progress-track ${scanning.total > 0 ? '' : 'indeterminate'}`}>
            <div
              className="progress-fill"
              style={
                scanning.total > 0
                  ? { width: `${(100 * scanning.done) / scanning.total}%` }
                  : undefined
              }
            />
          </div>
          <span className="muted">
            {scanning.total > 0
              ? `${scanning.done} of ${scanning.total} files`
              : 'Looking for images…'}
          </span>
          {scanning.jobId && (
            <button
              className="button small"
              onClick={() => void actions.cancelJob(scanning.jobId!)}
            >
              Cancel
            </button>
          )}
        </div>
      )}
      {recent.length > 0 && (
        <div className="recent" aria-label="Recent folders">
          <span className="muted">Recent</span>
          {recent.map((f) => (
            <button
              key={f}
              className={`folder-chip ${f === folder ? 'on' : ''}`}
              title={f}
              onClick={() => actions.setTrainFolder(f)}
            >
              {baseName(f)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
