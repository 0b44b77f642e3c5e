import { BRIDGE_KEY } from '../../../main/contract/electron-bridge';

export function isMac(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
  );
}

export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'range', 'button', 'file'].includes(target.type);
  return false;
}

/** The desktop shell (Electron's preload bridge is there): native dialogs exist. */
export function inDesktopShell(): boolean {
  return typeof window !== 'undefined' && BRIDGE_KEY in window;
}
