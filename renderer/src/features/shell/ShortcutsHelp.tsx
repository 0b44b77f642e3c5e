import { useCallback, useEffect, useRef } from 'react';
import { useActions, useStudioState } from '../../app/StudioContext';
import { isMac } from '../../app/platform';
import { allCommands, shortcutLabel, type Command } from '../../commands';
import { useEscape } from '../../ui/use-escape';

/** `?`: every command that has a key, grouped, from the registry itself (never a second list). */
export function ShortcutsHelp() {
  const actions = useActions();
  const open = useStudioState((s) => s.shortcutsOpen);
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) ref.current?.focus();
  }, [open]);
  const close = useCallback(() => actions.setView({ shortcutsOpen: false }), [actions]);
  useEscape(close, open);
  if (!open) return null;
  const groups = new Map<string, Command[]>();
  for (const c of allCommands()) {
    if (!c.shortcut) continue;
    const group = c.group ?? 'Other';
    groups.set(group, [...(groups.get(group) ?? []), c]);
  }
  const mac = isMac();
  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div
        className="shortcuts"
        role="dialog"
        aria-label="Keyboard shortcuts"
        data-testid="shortcuts-help"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <div className="shortcuts-head">
          <h2>Keyboard shortcuts</h2>
          <button ref={ref} className="button small" onClick={close}>
            Close <kbd>Esc</kbd>
          </button>
        </div>
        <div className="shortcuts-groups">
          {[...groups].map(([group, commands]) => (
            <section key={group}>
              <h3>{group}</h3>
              <dl>
                {commands.map((c) => (
                  <div key={c.id} className="shortcut-row">
                    <dt>{c.label}</dt>
                    <dd>
                      <kbd>{shortcutLabel(c.shortcut!, mac)}</kbd>
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
          <section>
            <h3>Grid and canvas</h3>
            <dl>
              <div className="shortcut-row">
                <dt>Move between tiles</dt>
                <dd>
                  <kbd>←</kbd>
                  <kbd>→</kbd>
                  <kbd>↑</kbd>
                  <kbd>↓</kbd>
                </dd>
              </div>
              <div className="shortcut-row">
                <dt>Select the focused tile (Shift / {mac ? '⌘' : 'Ctrl'} to add)</dt>
                <dd>
                  <kbd>Enter</kbd>
                </dd>
              </div>
              <div className="shortcut-row">
                <dt>Text fields undo their own typing while focused</dt>
                <dd>
                  <kbd>{shortcutLabel('Mod+Z', mac)}</kbd>
                </dd>
              </div>
            </dl>
          </section>
        </div>
      </div>
    </div>
  );
}
