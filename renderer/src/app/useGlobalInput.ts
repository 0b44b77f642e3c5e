import { useEffect, useState } from 'react';
import { commandForKey } from '../commands';
import { decodePreview } from '../pixels/image';
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

/**
 * Drop (or paste) a picture anywhere: a PNG from Latent Studio restores its latent, any other
 * image goes to Image → latent. Returns whether a file is being dragged over the window.
 */
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
      for (const file of Array.from(e.dataTransfer?.files ?? []))
        void decodePreview(file).then((preview) => actions.openFile(file, preview));
    };
    // A pasted picture (outside text fields) is opened like a dropped one.
    const paste = (e: ClipboardEvent) => {
      if (isTextField(e.target)) return;
      const file = Array.from(e.clipboardData?.files ?? []).find((f) =>
        f.type.startsWith('image/'),
      );
      if (!file) return;
      e.preventDefault();
      const named = file.name ? file : new File([file], 'pasted image.png', { type: file.type });
      void decodePreview(named).then((preview) => actions.openFile(named, preview));
    };
    window.addEventListener('paste', paste);
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overFn);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('paste', paste);
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overFn);
      window.removeEventListener('drop', drop);
    };
  }, [actions]);
  return over;
}
