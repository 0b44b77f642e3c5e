import type { CommandId } from '../../../main/contract/command-ids';
import type { TrainConfig } from '../../../main/contract/training-schemas';
import type { Point } from '../geometry';
import type { Frame } from '../../../main/contract/channels';
import type { DocImage, GridSpec, Interpolation, SavedDirection } from '../store/doc';
import type { LeftTab, ToolTab } from '../store/state';
import type { Screen } from '../store/training';
// Every command registers itself on import: run(id) needs them all.
import '../commands';
import { runCommand, type CommandArgs } from '../commands/registry';
import * as path from '../features/animation/path';
import * as video from '../features/animation/video';
import * as diffusion from '../features/diffusion/diffusion';
import * as evaluate from '../features/evaluate/evaluate';
import * as pixelcnn from '../features/pixelcnn/pixelcnn';
import * as text from '../features/text/text';
import * as textEval from '../features/text/text-eval';
import * as arithmetic from '../features/latent-tools/arithmetic';
import * as breeding from '../features/latent-tools/breeding';
import * as directions from '../features/latent-tools/directions';
import * as imageLatent from '../features/latent-tools/image-latent';
import * as canvas from '../features/explore/canvas';
import * as exporting from '../features/explore/exporting';
import * as favourites from '../features/explore/favourites';
import * as frames from '../features/explore/frames';
import * as history from '../features/explore/history';
import * as png from '../features/explore/png';
import * as sampling from '../features/explore/sampling';
import * as selection from '../features/explore/selection';
import * as strip from '../features/explore/strip';
import * as jobExport from '../features/train/job-export';
import * as records from '../features/train/training-history';
import * as runs from '../features/train/training-run';
import * as training from '../features/train/training';
import * as project from '../features/project/project';
import { initStudio } from '../features/project/session';
import * as context from './context';
import type { ActionContext } from './context';

export type { ActionContext } from './context';

/**
 * Every user-facing operation, bound to one api + store. Commands call these; components call
 * `run(id)` for anything that is a command, and these directly only for what is not (typing into
 * a field, dragging an anchor).
 */
export function createActions(ctx: ActionContext) {
  const probe = canvas.createProbe(ctx);
  const frameLoader = frames.createFrameLoader(ctx);
  const stopAutosave = project.startAutosave(ctx);
  const directionPreview = directions.createDirectionPreview(ctx);
  // The document is the truth: whatever it refers to that has no frame yet gets rendered.
  ctx.store.subscribe((s, prev) => {
    if (s.doc.modelId && s.doc.modelId !== prev.doc.modelId)
      void records.checkTrainingRecord(ctx, s.doc.modelId);
    if (s.doc === prev.doc) return;
    void frameLoader.sync();
    frames.pruneFrames(ctx, s.doc);
  });
  const actions = {
    ctx,
    /** Stops what runs in the background (autosave) and waits for a save under way. */
    dispose: async () => {
      stopAutosave();
      await project.whenSaved();
    },
    /** Runs a command by id, as keys, the palette, buttons and the desktop menu do. */
    run: <Id extends CommandId>(id: Id, args?: CommandArgs<Id>) =>
      runCommand({ state: ctx.store.getState(), actions }, id, args),
    init: () => initStudio(ctx),
    syncFrames: () => frameLoader.sync(),
    watchProgress: () => context.watchProgress(ctx),
    watchMenu: () =>
      ctx.api.on(
        'menu.command',
        (command) =>
          void actions.run(command.id, command.modelId ? { modelId: command.modelId } : undefined),
      ),
    cancelJob: (jobId: string) => context.cancelJob(ctx, jobId),
    dismiss: (id: number) => context.dismiss(ctx, id),
    toast: (kind: 'info' | 'success' | 'error', text: string) => context.toast(ctx, kind, text),
    setView: (
      patch: Partial<{
        leftTab: LeftTab;
        toolTab: ToolTab;
        paletteOpen: boolean;
        shortcutsOpen: boolean;
        largeView: string | null;
        videoDialog: boolean;
        projectionSteps: number;
      }>,
    ) => ctx.store.setState(patch),
    // Explore
    sample: () => sampling.sample(ctx),
    reroll: () => sampling.reroll(ctx),
    setSampling: (patch: Partial<GridSpec>) => sampling.setSampling(ctx, patch),
    selectModel: (id: string) => sampling.selectModel(ctx, id),
    refreshModels: (select?: string) => sampling.refreshModels(ctx, select),
    select: (key: string, mode: selection.SelectMode, order: readonly string[], image?: DocImage) =>
      selection.select(ctx, key, mode, order, image),
    deselect: (key: string) => selection.deselect(ctx, key),
    selectAll: () => selection.selectAll(ctx),
    clearSelection: () => selection.clearSelection(ctx),
    toggleFavourite: (keys?: readonly string[]) => favourites.toggleFavourite(ctx, keys),
    loadFavouriteItems: () => favourites.loadFavouriteItems(ctx),
    placeSelected: () => canvas.placeSelected(ctx),
    beginGesture: () => ctx.store.history.beginGesture(),
    endGesture: () => ctx.store.history.endGesture(),
    moveAnchor: (id: string, x: number, y: number) => canvas.moveAnchor(ctx, id, x, y),
    removeAnchor: (id: string) => canvas.removeAnchor(ctx, id),
    clearCanvas: () => {
      probe.cancel();
      canvas.clearCanvas(ctx);
    },
    probeAt: (p: Point) => probe.move(p),
    keepPreview: () => canvas.keepPreview(ctx),
    exportSelected: () => exporting.exportSelected(ctx),
    setExportSettings: (patch: Parameters<typeof exporting.setExportSettings>[1]) =>
      exporting.setExportSettings(ctx, patch),
    setStripSettings: (patch: Partial<{ frames: number; method: Interpolation; loop: boolean }>) =>
      strip.setStripSettings(ctx, patch),
    renderStrip: () => strip.renderStrip(ctx),
    setStripIndex: (i: number) => strip.setStripIndex(ctx, i),
    exportStripFrames: () => strip.exportStripFrames(ctx),
    exportAnimation: (format: 'gif' | 'apng') => strip.exportAnimation(ctx, format),
    openFile: (file: File, preview: Frame | null = null) => png.openFile(ctx, file, preview),
    // Diffusion models
    setDiffusionSampling: (patch: Parameters<typeof diffusion.setDiffusionSampling>[1]) =>
      diffusion.setDiffusionSampling(ctx, patch),
    denoiseLive: () => diffusion.denoiseLive(ctx),
    // Directions, arithmetic, image → latent, breeding
    computeDirections: (count?: number, samples?: number) =>
      directions.computeDirections(ctx, count, samples),
    saveDirection: (direction: SavedDirection, name: string) =>
      directions.saveDirection(ctx, direction, name),
    removeDirection: (id: string) => directions.removeDirection(ctx, id),
    setDirectionAmount: (id: string, amount: number) => directionPreview.setAmount(id, amount),
    resetDirections: () => directionPreview.reset(),
    keepMoved: () => directions.keepMoved(ctx),
    attributeVector: (setA: readonly string[], setB: readonly string[], name: string) =>
      directions.attributeVector(ctx, setA, setB, name),
    latentArithmetic: () => arithmetic.latentArithmetic(ctx),
    encodeTarget: () => imageLatent.encodeTarget(ctx),
    projectTarget: (steps: number) => imageLatent.projectTarget(ctx, steps),
    clearTarget: () => imageLatent.clearTarget(ctx),
    setBreeding: (patch: Parameters<typeof breeding.setBreeding>[1]) =>
      breeding.setBreeding(ctx, patch),
    breed: () => breeding.breed(ctx),
    keepChildren: () => breeding.keepChildren(ctx),
    // Keyframe paths and video
    addSelectedKeyframes: () => path.addSelectedKeyframes(ctx),
    addAnchorKeyframes: () => path.addAnchorKeyframes(ctx),
    addPreviewKeyframe: () => path.addPreviewKeyframe(ctx),
    removeKeyframe: (index: number) => path.removeKeyframe(ctx, index),
    moveKeyframe: (index: number, by: -1 | 1) => path.moveKeyframe(ctx, index, by),
    setSegment: (index: number, patch: Parameters<typeof path.setSegment>[2]) =>
      path.setSegment(ctx, index, patch),
    setPathSettings: (patch: Parameters<typeof path.setPathSettings>[1]) =>
      path.setPathSettings(ctx, patch),
    clearPath: () => path.clearPath(ctx),
    renderPathPreview: () => path.renderPathPreview(ctx),
    setPathPreviewIndex: (index: number) => path.setPreviewIndex(ctx, index),
    exportVideo: (name: string, overwrite = false) => video.exportVideo(ctx, name, overwrite),
    exportSpriteSheet: () => video.exportSpriteSheet(ctx),
    undo: () => history.undo(ctx),
    redo: () => history.redo(ctx),
    canUndo: () => history.canUndo(ctx),
    canRedo: () => history.canRedo(ctx),
    // Projects
    newProject: () => project.newProject(ctx),
    openProject: (path: string) => project.openProject(ctx, path),
    saveProject: (options?: { as?: string; overwrite?: boolean }) =>
      project.saveProject(ctx, options),
    showProjectDialog: (dialog: 'open' | 'save-as' | null) => {
      project.setProject(ctx, { dialog, confirmOverwrite: null });
      if (dialog === 'open') void project.loadRecentProjects(ctx);
    },
    loadRecentProjects: () => project.loadRecentProjects(ctx),
    locateModel: (path: string, accept = false) => project.locateModel(ctx, path, accept),
    dismissPendingProject: () => project.dismissPending(ctx),
    // Train
    setScreen: (screen: Screen) => training.setScreen(ctx, screen),
    loadRecentFolders: () => training.loadRecent(ctx),
    setTrainFolder: (folder: string) => training.setFolder(ctx, folder),
    browseFolder: () => training.browseFolder(ctx),
    pickFolder: () => training.pickFolder(ctx),
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
    openJobExport: () => jobExport.openJobExport(ctx),
    closeJobExport: () => jobExport.closeJobExport(ctx),
    setJobExportFolder: (into: string) => jobExport.setJobExport(ctx, { into }),
    chooseJobFolder: () => jobExport.chooseJobFolder(ctx, () => training.pickFolder(ctx)),
    exportJob: () => jobExport.exportJob(ctx),
    showTrainingRecord: (modelId?: string) => records.showTrainingRecord(ctx, modelId),
    closeTrainingRecord: () => records.closeTrainingRecord(ctx),
    // Evaluate
    setEval: (patch: Parameters<typeof evaluate.setEval>[1]) => evaluate.setEval(ctx, patch),
    loadEvalHistory: (key: string | null) => evaluate.loadHistory(ctx, key),
    runEvaluation: () => evaluate.runEvaluation(ctx),
    cancelEvaluation: () => evaluate.cancelEvaluation(ctx),
    showEvalReport: (id: string) => evaluate.showReport(ctx, id),
    exportEvaluation: (format: 'html' | 'png') => evaluate.exportEvaluation(ctx, format),
    loadPairPictures: (report: Parameters<typeof evaluate.loadPairPictures>[1]) =>
      evaluate.loadPairPictures(ctx, report),
    // Text
    setText: (patch: Parameters<typeof text.setText>[1]) => text.setText(ctx, patch),
    setTextSettings: (patch: Parameters<typeof text.setSettings>[1]) =>
      text.setSettings(ctx, patch),
    loadTextModels: (select?: string) => text.loadTextModels(ctx, select),
    generateText: (count?: number) => text.generate(ctx, count),
    cancelGeneration: () => text.cancelGeneration(ctx),
    toggleTextFavourite: (id: string) => text.toggleFavourite(ctx, id),
    clearContinuations: () => text.clearContinuations(ctx),
    exportContinuations: () => text.exportContinuations(ctx),
    setTextEvaluation: (patch: Parameters<typeof textEval.setEvaluation>[1]) =>
      textEval.setEvaluation(ctx, patch),
    runTextEvaluation: () => textEval.runTextEvaluation(ctx),
    cancelTextEvaluation: () => textEval.cancelTextEvaluation(ctx),
    // PixelCNN models
    setPixelCnn: (patch: Parameters<typeof pixelcnn.setPixelCnn>[1]) =>
      pixelcnn.setPixelCnn(ctx, patch),
    pixelCnnSampleLive: () => pixelcnn.sampleLive(ctx),
    pixelCnnCancel: () => pixelcnn.cancelLive(ctx),
  };
  return actions;
}

export type Actions = ReturnType<typeof createActions>;
