import { useEffect, useRef, useState } from 'react';
import { useActions, useCommand, useHistory, useStudioState } from '../../app/StudioContext';
import { isMac } from '../../app/platform';
import { shortcutLabel } from '../../commands';
import { whenWords } from './words';

/** The project's name (● while a save is due), its menu, and Undo / Redo. */
export function ProjectMenu() {
  const actions = useActions();
  const name = useStudioState((s) => s.project.name);
  const dirty = useStudioState((s) => s.project.dirty);
  const untitled = useStudioState((s) => s.project.untitled);
  const savedAt = useStudioState((s) => s.project.savedAt);
  const recent = useStudioState((s) => s.project.recent);
  const { canUndo, canRedo } = useHistory();
  const undo = useCommand('undo');
  const redo = useCommand('redo');
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  const mac = isMac();
  const item = (label: string, id: Parameters<typeof actions.run>[0], shortcut?: string) => (
    <button
      role="menuitem"
      className="menu-item"
      data-testid={`menu-${id}`}
      onClick={() => {
        setOpen(false);
        void actions.run(id);
      }}
    >
      <span>{label}</span>
      {shortcut && <kbd>{shortcutLabel(shortcut, mac)}</kbd>}
    </button>
  );
  const status = dirty
    ? 'Saving soon…'
    : savedAt
      ? `Saved ${whenWords(savedAt)}${untitled ? ' (autosave)' : ''}`
      : 'Not saved yet';
  return (
    <div className="project-block" ref={ref}>
      <button
        className="button ghost project-button"
        data-testid="project-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        title={`${name} — ${status}`}
        onClick={() => {
          setOpen((o) => !o);
          if (!open) void actions.loadRecentProjects();
        }}
      >
        <span className="project-name" data-testid="project-name">
          {name}
        </span>
        <span
          className={`save-dot ${dirty ? 'dirty' : ''}`}
          data-testid="project-dirty"
          data-dirty={dirty}
          aria-label={status}
        />
        <span aria-hidden>▾</span>
      </button>
      <button
        className="button ghost icon"
        data-testid="undo-button"
        disabled={!canUndo && !undo.enabled}
        title={`Undo (${shortcutLabel('Mod+Z', mac)})`}
        aria-label="Undo"
        onClick={() => undo.run()}
      >
        ↶
      </button>
      <button
        className="button ghost icon"
        data-testid="redo-button"
        disabled={!canRedo && !redo.enabled}
        title={`Redo (${shortcutLabel('Mod+Shift+Z', mac)})`}
        aria-label="Redo"
        onClick={() => redo.run()}
      >
        ↷
      </button>
      {open && (
        <div className="menu" role="menu" aria-label="Project">
          <div className="menu-status muted">{status}</div>
          {item('New project', 'project-new', 'Mod+N')}
          {item('Open project…', 'project-open', 'Mod+Shift+O')}
          {item('Save project', 'project-save', 'Mod+S')}
          {item('Save project as…', 'project-save-as', 'Mod+Shift+S')}
          {recent.length > 0 && <div className="menu-heading">Recent</div>}
          {recent.slice(0, 8).map((r) => (
            <button
              key={r.path}
              role="menuitem"
              className="menu-item recent"
              disabled={!r.exists}
              title={r.path}
              onClick={() => {
                setOpen(false);
                void actions.openProject(r.path);
              }}
            >
              <span>
                {r.name}
                {r.autosave ? ' (autosave)' : ''}
              </span>
              <span className="muted">
                {r.modelName} · {whenWords(r.savedAt)}
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
