import { useEffect, useState } from 'react';
import { commandForKey } from '../commands';
import { isMac, isTextField } from './platform';
import { useStudio } from './StudioContext';

/** Keyboard shortcuts from the command registry: each key runs its command by id. */
export function useShortcuts(): void {
  const { store, actions } = useStudio();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing) return;
      const state = store.getState();
      // Holding Undo steps back repeatedly; other commands run once per press.
      const repeatable = e.key.toLowerCase() === 'z';
      if (e.repeat && !repeatable) return;
      if (
        (state.paletteOpen || state.shortcutsOpen) &&
        e.key !== 'k' &&
        e.key !== 'K' &&
        e.key !== '?'
      )
        return;
      // A dialog takes the keys: only the Mod shortcuts reach the app behind it.
      const dialog =
        state.project.dialog !== null || state.project.pending !== null || state.videoDialog;
      const typing = isTextField(e.target) || dialog;
      const command = commandForKey(e, { state, actions }, typing, isMac());
      if (!command) return;
      e.preventDefault();
      void actions.run(command.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, actions]);
}

/** Drop a PNG anywhere to open it. Returns whether a file is being dragged over the window. */
export function usePngDrop(): boolean {
  const { actions } = useStudio();
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overFn = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      for (const file of Array.from(e.dataTransfer?.files ?? [])) void actions.openFile(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overFn);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('drop', drop);
    };
  }, [actions]);
  return over;
}
