import type { TrainConfig } from '../../../../main/contract/training-schemas';
import { loadRecentFolders, rememberFolder } from '../../store/recent-folders';
import type { Screen, TrainingState } from '../../store/training';
import { runJob, toast, type ActionContext } from '../../app/context';

/** Shallow-merges into the training slice of the store. */
export function setTrain(
  ctx: ActionContext,
  patch: Partial<TrainingState> | ((t: TrainingState) => Partial<TrainingState>),
): void {
  ctx.store.setState((s) => ({
    training: { ...s.training, ...(typeof patch === 'function' ? patch(s.training) : patch) },
  }));
}

export function setScreen(ctx: ActionContext, screen: Screen): void {
  ctx.store.setState({ screen, paletteOpen: false });
}

export function loadRecent(ctx: ActionContext): void {
  setTrain(ctx, { recentFolders: loadRecentFolders() });
}

export function setFolder(ctx: ActionContext, folder: string): void {
  setTrain(ctx, { folder });
}

export const SCAN_LABEL = 'Scanning the folder';

/** How many operations hold the form busy, per store: nested ones (a scan asks for defaults). */
const busyHolders = new WeakMap<object, number>();

/**
 * Runs `work` with the form busy (disabled, so edits cannot be overwritten by an answer). A count,
 * not a flag: the defaults a scan asks for must not free the form while the scan still runs, or a
 * family chosen in that gap has its own defaults land on top of the user's edits.
 */
async function whileBusy<T>(ctx: ActionContext, work: () => Promise<T>): Promise<T> {
  busyHolders.set(ctx.store, (busyHolders.get(ctx.store) ?? 0) + 1);
  setTrain(ctx, { busy: true });
  try {
    return await work();
  } finally {
    const left = (busyHolders.get(ctx.store) ?? 1) - 1;
    busyHolders.set(ctx.store, left);
    if (left === 0) setTrain(ctx, { busy: false });
  }
}

/**
 * Pre-flight check of the folder (dataset.scan, with progress and Cancel), then the engine's
 * defaults for it. The folder joins the recent list once the engine has found it.
 */
export async function scanFolder(ctx: ActionContext): Promise<void> {
  const folder = ctx.store.getState().training.folder.trim();
  if (!folder) {
    toast(ctx, 'info', 'Type the path of a folder of images first.');
    return;
  }
  await whileBusy(ctx, async () => {
    // A text model reads .txt/.md files, not images: its folder is read for defaults, not scanned.
    if (ctx.store.getState().training.config?.family === 'text') {
      await readTextFolder(ctx, folder);
      return;
    }
    const scan = await runJob(ctx, SCAN_LABEL, (jobId) =>
      ctx.api.invoke('dataset.scan', { folder, jobId }),
    );
    if (!scan) return;
    setTrain(ctx, (t) => ({
      scan,
      scannedFolder: folder,
      scanThumbnails: [],
      recentFolders: rememberFolder(t.recentFolders, folder),
    }));
    const family = ctx.store.getState().training.config?.family;
    if (scan.usable > 0) {
      await loadDefaults(ctx, family);
      await loadScanThumbnails(ctx, folder);
    } else if (await textDefaults(ctx, folder))
      toast(ctx, 'info', 'No images here, but text: the settings are for a text model.', 6000);
  });
}

/** How many thumbnails of a scanned folder the report shows, and their side in pixels. */
export const SCAN_THUMBNAILS = { count: 12, size: 64 };

/**
 * A look at the scanned folder: a few of its usable images, through the contract (the engine
 * reads only files its scan accepted). Missing thumbnails never spoil the report: they are said
 * in a toast and the report stays.
 */
export async function loadScanThumbnails(ctx: ActionContext, folder: string): Promise<void> {
  try {
    const { thumbnails } = await ctx.api.invoke('dataset.thumbnails', {
      folder,
      ...SCAN_THUMBNAILS,
    });
    // A newer scan of another folder wins.
    if (ctx.store.getState().training.scannedFolder !== folder) return;
    setTrain(ctx, {
      scanThumbnails: thumbnails.map(({ file, width, height, rgba }) => ({
        file,
        frame: { width, height, rgba, seed: null },
      })),
    });
  } catch (err) {
    toast(
      ctx,
      'info',
      `The folder's thumbnails could not be shown: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** A text folder: the engine's text defaults (its reasons say what it read), no image report. */
async function readTextFolder(ctx: ActionContext, folder: string): Promise<void> {
  const res = await runJob(
    ctx,
    'Reading the text folder',
    () => ctx.api.invoke('train.defaults', { folder, family: 'text' }),
    false,
  );
  if (!res) return;
  setTrain(ctx, (t) => ({
    scan: null,
    scannedFolder: folder,
    recentFolders: rememberFolder(t.recentFolders, folder),
    config: res.config,
    reasons: res.reasons,
    suggested: res.config,
  }));
}

/** Whether the folder (with no images) holds text; if so the form gets text defaults. */
async function textDefaults(ctx: ActionContext, folder: string): Promise<boolean> {
  try {
    const res = await ctx.api.invoke('train.defaults', { folder, family: 'text' });
    setTrain(ctx, { config: res.config, reasons: res.reasons, suggested: res.config });
    return true;
  } catch {
    return false; // no text either: the scan report already says the folder has nothing usable
  }
}

/** train.defaults for the scanned folder; replaces the form (the reasons explain each default). */
export async function loadDefaults(
  ctx: ActionContext,
  family?: TrainConfig['family'],
): Promise<void> {
  const folder = ctx.store.getState().training.scannedFolder;
  if (!folder) return;
  await whileBusy(ctx, async () => {
    const res = await runJob(
      ctx,
      'Choosing training settings',
      () => ctx.api.invoke('train.defaults', { folder, family }),
      false,
    );
    if (res) setTrain(ctx, { config: res.config, reasons: res.reasons, suggested: res.config });
  });
}

export function updateConfig(ctx: ActionContext, patch: Partial<TrainConfig>): void {
  setTrain(ctx, (t) => (t.config ? { config: { ...t.config, ...patch } } : {}));
}

/** Switching GAN ⇄ VAE asks the engine again: batch, learning rate and loss differ per family. */
export async function setFamily(ctx: ActionContext, family: TrainConfig['family']): Promise<void> {
  if (ctx.store.getState().training.config?.family === family) return;
  updateConfig(ctx, { family });
  await loadDefaults(ctx, family);
}

/** The desktop's native folder dialog (only the Electron shell answers it); null if cancelled. */
export async function pickFolder(ctx: ActionContext): Promise<string | null> {
  try {
    return (await ctx.api.invoke('dialog.openFolder', {})).path;
  } catch (err) {
    toast(
      ctx,
      'error',
      `Choosing a folder failed: ${err instanceof Error ? err.message : String(err)}`,
    );
    return null;
  }
}

export async function browseFolder(ctx: ActionContext): Promise<void> {
  const path = await pickFolder(ctx);
  if (path) setFolder(ctx, path);
}
