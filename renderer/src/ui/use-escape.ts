import { useEffect } from 'react';

/**
 * Escape closes the dialog wherever the focus is (a dialog opened from a menu or a key has not
 * got it yet). Registered in the capture phase, so the app's own Escape (clear selection) does
 * not run as well.
 */
export function useEscape(close: () => void, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      close();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [close, enabled]);
}
