import { channelNames, type ChannelName } from '../../../../main/contract/channels';
import { BRIDGE_KEY } from '../../../../main/contract/electron-bridge';
import { useActions, useStudioState } from '../../app/StudioContext';
import { SCAN_LABEL } from '../../actions/training';
import { baseName } from './words';

/**
 * The native folder dialog: answered by the Electron shell (main/electron/folder-dialog.ts), so the
 * Browse… button shows only there (the browser shell cannot see the engine's disk; its engine
 * refuses the channel in words).
 */
const FOLDER_DIALOG = 'dialog.openFolder';

function folderDialog(): ChannelName | null {
  const inElectron = typeof window !== 'undefined' && BRIDGE_KEY in window;
  const channel = channelNames.find((c) => c === (FOLDER_DIALOG as string));
  return inElectron && channel ? channel : null;
}

/** A path on the engine's machine (the page cannot browse the server's disk), recent folders, Scan. */
export function FolderField() {
  const actions = useActions();
  const folder = useStudioState((s) => s.training.folder);
  const recent = useStudioState((s) => s.training.recentFolders);
  const busy = useStudioState((s) => s.training.busy);
  const scanning = useStudioState((s) => s.progress.find((p) => p.label === SCAN_LABEL));
  const dialog = folderDialog();
  const browse = async () => {
    if (!dialog) return;
    try {
      const res = (await actions.ctx.api.invoke(dialog, {})) as { path?: string | null };
      if (res.path) actions.setTrainFolder(res.path);
    } catch (err) {
      actions.toast(
        'error',
        `Choosing a folder failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  };
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
            if (e.key === 'Enter' && !busy) void actions.scanFolder();
          }}
        />
        {dialog && (
          <button
            className="button"
            data-testid="train-browse-button"
            onClick={() => void browse()}
          >
            Browse…
          </button>
        )}
        <button
          className="button primary"
          data-testid="train-scan-button"
          disabled={busy || folder.trim() === ''}
          onClick={() => void actions.scanFolder()}
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
