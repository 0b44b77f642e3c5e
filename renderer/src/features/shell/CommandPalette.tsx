import { useMemo, useState } from 'react';
import { useStudio, useStudioState } from '../../app/StudioContext';
import { allCommands, filterCommands, shortcutLabel, type Command } from '../../commands';
import { isMac } from '../../app/platform';

/** Ctrl/Cmd+K: type to filter commands, arrows to move, Enter to run. */
export function CommandPalette() {
  const { actions } = useStudio();
  const open = useStudioState((s) => s.paletteOpen);
  if (!open) return null;
  return (
    <PaletteBody
      close={() => actions.setView({ paletteOpen: false })}
      run={(c) => void actions.run(c.id)}
    />
  );
}

function PaletteBody({ close, run }: { close: () => void; run: (c: Command) => void }) {
  const { store, actions } = useStudio();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const list = useMemo(
    () =>
      filterCommands(
        allCommands().filter((c) => c.id !== 'command-palette'),
        query,
      ),
    [query],
  );
  const ctx = { state: store.getState(), actions };
  const choose = (c: Command | undefined) => {
    if (!c || !c.enabled(ctx)) return;
    close();
    run(c);
  };
  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div
        className="palette"
        data-testid="command-palette"
        onMouseDown={(e) => e.stopPropagation()}
        role="dialog"
        aria-label="Command palette"
      >
        <input
          autoFocus
          className="palette-input"
          placeholder="Type a command…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setActive((a) => Math.min(list.length - 1, a + 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
            else if (e.key === 'Enter') choose(list[active]);
            else if (e.key === 'Escape') close();
            else return;
            e.preventDefault();
            e.stopPropagation();
          }}
        />
        <ul className="palette-list">
          {list.length === 0 && <li className="palette-empty">No matching command</li>}
          {list.map((c, i) => {
            const enabled = c.enabled(ctx);
            return (
              <li
                key={c.id}
                className={`palette-item ${i === active ? 'active' : ''} ${enabled ? '' : 'disabled'}`}
                onMouseEnter={() => setActive(i)}
                onClick={() => choose(c)}
              >
                <span>{c.label}</span>
                {c.shortcut && <kbd>{shortcutLabel(c.shortcut, isMac())}</kbd>}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
