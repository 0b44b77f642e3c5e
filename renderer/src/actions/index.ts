import type { TrainConfig } from '../../../main/contract/training-schemas';
import type { Point } from '../geometry';
import type { Screen } from '../state/training';
import type { Item } from '../state/studio';
import * as canvas from './canvas';
import * as context from './context';
import type { ActionContext } from './context';
import * as exporting from './exporting';
import * as favourites from './favourites';
import * as menu from './menu';
import * as png from './png';
import * as sampling from './sampling';
import * as selection from './selection';
import * as strip from './strip';
import * as training from './training';
import * as runs from './training-run';

export type { ActionContext } from './context';

/** Every user-facing operation, bound to one api + store. Components and commands call these. */
export function createActions(ctx: ActionContext) {
  const probe = canvas.createProbe(ctx);
  return {
    ctx,
    init: () => sampling.loadEverything(ctx),
    watchProgress: () => context.watchProgress(ctx),
    watchMenu: () => menu.watchMenu(ctx),
    cancelJob: (jobId: string) => context.cancelJob(ctx, jobId),
    dismiss: (id: number) => context.dismiss(ctx, id),
    toast: (kind: 'info' | 'success' | 'error', text: string) => context.toast(ctx, kind, text),
    sample: () => sampling.sample(ctx),
    reroll: () => sampling.reroll(ctx),
    selectModel: (id: string) => sampling.selectModel(ctx, id),
    select: (key: string, mode: selection.SelectMode, order: readonly string[]) =>
      selection.select(ctx, key, mode, order),
    selectAll: () => selection.selectAll(ctx),
    clearSelection: () => selection.clearSelection(ctx),
    toggleFavourite: (items?: Item[]) => favourites.toggleFavourite(ctx, items),
    loadFavouriteItems: () => favourites.loadFavouriteItems(ctx),
    placeSelected: () => canvas.placeSelected(ctx),
    moveAnchor: (id: string, x: number, y: number) => canvas.moveAnchor(ctx, id, x, y),
    removeAnchor: (id: string) => canvas.removeAnchor(ctx, id),
    clearCanvas: () => {
      probe.cancel();
      canvas.clearCanvas(ctx);
    },
    probeAt: (p: Point) => probe.move(p),
    exportSelected: () => exporting.exportSelected(ctx),
    renderStrip: () => strip.renderStrip(ctx),
    setStripIndex: (i: number) => strip.setStripIndex(ctx, i),
    exportStripFrames: () => strip.exportStripFrames(ctx),
    exportAnimation: (format: 'gif' | 'apng') => strip.exportAnimation(ctx, format),
    openFile: (file: File) => png.openFile(ctx, file),
    setScreen: (screen: Screen) => training.setScreen(ctx, screen),
    loadRecentFolders: () => training.loadRecent(ctx),
    setTrainFolder: (folder: string) => training.setFolder(ctx, folder),
    scanFolder: () => training.scanFolder(ctx),
    updateTrainConfig: (patch: Partial<TrainConfig>) => training.updateConfig(ctx, patch),
    setTrainFamily: (family: TrainConfig['family']) => training.setFamily(ctx, family),
    watchTraining: () => runs.watchTraining(ctx),
    refreshRuns: (quiet = false) => runs.refreshRuns(ctx, quiet),
    startRun: () => runs.startRun(ctx),
    controlRun: (action: 'pause' | 'resume' | 'cancel') => runs.controlRun(ctx, action),
    resumeStoppedRun: () => runs.resumeStopped(ctx),
    selectRun: (runId: string) => runs.selectRun(ctx, runId),
    openRunModel: (checkpoint: boolean) => runs.openRunModel(ctx, checkpoint),
  };
}

export type Actions = ReturnType<typeof createActions>;
