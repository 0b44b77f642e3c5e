/**
 * The project this window had open, so a reload opens it again (localStorage of this page; in
 * the browser shell that is per server start, and Recent projects lists the rest).
 */
const KEY = 'latent-studio.open-project';

function storage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function rememberOpen(path: string, untitled: boolean): void {
  try {
    storage()?.setItem(KEY, JSON.stringify({ path, untitled }));
  } catch {
    // storage full or disabled: the project is still in Recent projects
  }
}

export function forgetOpen(): void {
  try {
    storage()?.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}

export function lastOpen(): { path: string; untitled: boolean } | null {
  try {
    const value: unknown = JSON.parse(storage()?.getItem(KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { path, untitled } = value as { path?: unknown; untitled?: unknown };
    return typeof path === 'string' ? { path, untitled: untitled === true } : null;
  } catch {
    return null;
  }
}
