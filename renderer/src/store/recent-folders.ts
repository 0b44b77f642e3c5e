/** Training folders used recently, newest first, remembered in localStorage (renderer only). */

const KEY = 'latent-studio.recent-training-folders';
export const MAX_RECENT = 8;

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

function storage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled (privacy settings): recent folders are just not kept
  }
}

export function loadRecentFolders(store: StorageLike | null = storage()): string[] {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((f): f is string => typeof f === 'string').slice(0, MAX_RECENT)
      : [];
  } catch {
    return [];
  }
}

/** Moves `folder` to the front (no duplicates, at most MAX_RECENT) and saves the list. */
export function rememberFolder(
  list: readonly string[],
  folder: string,
  store: StorageLike | null = storage(),
): string[] {
  const next = [folder, ...list.filter((f) => f !== folder)].slice(0, MAX_RECENT);
  try {
    store?.setItem(KEY, JSON.stringify(next));
  } catch {
    // quota or disabled storage: keep the list for this session only
  }
  return next;
}
