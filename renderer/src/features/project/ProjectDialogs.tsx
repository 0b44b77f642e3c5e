import { useState, type ReactNode } from 'react';
import { useActions, useStudioState } from '../../app/StudioContext';
import { inDesktopShell } from '../../app/platform';
import { useEscape } from '../../ui/use-escape';
import { whenWords } from './words';

/** Open and Save As (paths on the engine's machine; the desktop adds a folder picker). */
export function ProjectDialogs() {
  const dialog = useStudioState((s) => s.project.dialog);
  const pending = useStudioState((s) => s.project.pending);
  if (pending) return <MissingModelDialog />;
  if (dialog === 'open') return <OpenDialog />;
  if (dialog === 'save-as') return <SaveAsDialog />;
  return null;
}

function Dialog({
  title,
  testId,
  onClose,
  children,
}: {
  title: string;
  testId: string;
  onClose: () => void;
  children: ReactNode;
}) {
  useEscape(onClose);
  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div
        className="dialog"
        role="dialog"
        aria-label={title}
        data-testid={testId}
        onMouseDown={(e) => e.stopPropagation()}
      >
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}

/** A path typed by the user, with Browse… (the desktop's folder picker) beside it. */
function PathField({
  label,
  value,
  onChange,
  onEnter,
  testId,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  onEnter: () => void;
  testId: string;
  placeholder: string;
}) {
  const actions = useActions();
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <span className="folder-row">
        <input
          autoFocus
          className="input folder-input"
          data-testid={testId}
          spellCheck={false}
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onEnter();
          }}
        />
        {inDesktopShell() && (
          <button
            className="button"
            onClick={() => void actions.pickFolder().then((p) => p && onChange(p))}
          >
            Browse…
          </button>
        )}
      </span>
    </label>
  );
}

function OpenDialog() {
  const actions = useActions();
  const recent = useStudioState((s) => s.project.recent);
  const [path, setPath] = useState('');
  const close = () => actions.showProjectDialog(null);
  const open = (p: string) => void actions.openProject(p.trim());
  return (
    <Dialog title="Open project" testId="open-project-dialog" onClose={close}>
      <PathField
        label="Project folder (NAME.lsproj, on the engine's machine)"
        testId="open-project-path"
        placeholder="/home/me/projects/faces.lsproj"
        value={path}
        onChange={setPath}
        onEnter={() => open(path)}
      />
      <div className="controls">
        <button
          className="button primary"
          data-testid="open-project-button"
          disabled={!path.trim()}
          onClick={() => open(path)}
        >
          Open
        </button>
        <button className="button" onClick={close}>
          Cancel
        </button>
      </div>
      {recent.length > 0 && (
        <>
          <h3>Recent projects</h3>
          <ul className="recent-projects" data-testid="recent-projects">
            {recent.map((r) => (
              <li key={r.path}>
                <button
                  className="recent-project"
                  disabled={!r.exists}
                  title={r.exists ? r.path : `${r.path} is gone`}
                  onClick={() => open(r.path)}
                >
                  <b>{r.name}</b>
                  {r.autosave && <span className="pill">autosave</span>}
                  <span className="muted">
                    {r.modelName} · {whenWords(r.savedAt)}
                    {r.exists ? '' : ' · missing'}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </Dialog>
  );
}

function SaveAsDialog() {
  const actions = useActions();
  const dataDir = useStudioState((s) => s.info?.dataDir ?? '');
  const current = useStudioState((s) => s.project);
  const confirm = current.confirmOverwrite;
  const sep = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  const [folder, setFolder] = useState(
    current.untitled || !current.path
      ? `${dataDir}${sep}projects`
      : current.path.replace(/[\\/][^\\/]+[\\/]?$/, ''),
  );
  const [name, setName] = useState(current.untitled ? '' : current.name);
  const target = `${folder.replace(/[\\/]+$/, '')}${sep}${name.trim()}.lsproj`;
  const close = () => actions.showProjectDialog(null);
  const save = (overwrite = false) => {
    if (name.trim() && folder.trim()) void actions.saveProject({ as: target, overwrite });
  };
  return (
    <Dialog title="Save project as" testId="save-project-dialog" onClose={close}>
      <label className="field">
        <span className="field-label">Name</span>
        <input
          autoFocus
          className="input"
          data-testid="save-project-name"
          value={name}
          placeholder="faces walk"
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') save();
          }}
        />
      </label>
      <PathField
        label="In the folder (on the engine's machine)"
        testId="save-project-folder"
        placeholder="/home/me/projects"
        value={folder}
        onChange={setFolder}
        onEnter={() => save()}
      />
      <p className="muted small-print">Saved as {name.trim() ? target : '…'}</p>
      {confirm === target && (
        <div className="callout warn" data-testid="overwrite-warning">
          <span>{target} already holds something else. Replace it with this project?</span>
          <button
            className="button danger"
            data-testid="overwrite-button"
            onClick={() => save(true)}
          >
            Replace
          </button>
        </div>
      )}
      <div className="controls">
        <button
          className="button primary"
          data-testid="save-project-button"
          disabled={!name.trim() || !folder.trim()}
          onClick={() => save()}
        >
          Save
        </button>
        <button className="button" onClick={close}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}

/** A project whose model is not in the library: says which, and binds it to a located file. */
function MissingModelDialog() {
  const actions = useActions();
  const pending = useStudioState((s) => s.project.pending)!;
  const [path, setPath] = useState(pending.project.model.path ?? '');
  const { model } = pending.project;
  return (
    <Dialog
      title={`The model of "${pending.project.name}" is missing`}
      testId="missing-model-dialog"
      onClose={() => actions.dismissPendingProject()}
    >
      <p data-testid="missing-model-message">{pending.missing.message}</p>
      <dl className="facts">
        <dt>Model</dt>
        <dd>{model.name}</dd>
        <dt>SHA-256</dt>
        <dd className="mono">{model.sha256.slice(0, 16)}…</dd>
        <dt>Latent, image</dt>
        <dd>
          {model.latentDim} · {model.width}×{model.height}
        </dd>
      </dl>
      <PathField
        label="Where is the model file? (.onnx or model.json, on the engine's machine)"
        testId="locate-model-path"
        placeholder="/home/me/models/faces.onnx"
        value={path}
        onChange={setPath}
        onEnter={() => void actions.locateModel(path)}
      />
      {pending.mismatch && (
        <div className="callout warn" data-testid="model-mismatch">
          <span>{pending.mismatch.message}</span>
          <button
            className="button danger"
            onClick={() => void actions.locateModel(pending.mismatch!.modelPath, true)}
          >
            Use it anyway
          </button>
        </div>
      )}
      <div className="controls">
        <button
          className="button primary"
          data-testid="locate-model-button"
          disabled={!path.trim()}
          onClick={() => void actions.locateModel(path)}
        >
          Locate model
        </button>
        <button className="button" onClick={() => actions.dismissPendingProject()}>
          Keep the current project
        </button>
      </div>
    </Dialog>
  );
}
