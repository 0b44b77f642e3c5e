import { exportEvaluation, runEvaluation } from '../actions/evaluate';
import {
  exportRunJob as exportRunJobAction,
  hasCheckpoint,
  selectedRun,
} from '../actions/torch-job';
import { showTrainingRecord } from '../actions/training-history';
import type { Screen } from '../state/training';
import { register, type Command } from './registry';

/** The top-level screens, in switcher order (keys 1, 2, 3). */
export const SCREENS: readonly { id: Screen; label: string; key: string; hint: string }[] = [
  {
    id: 'explore',
    label: 'Explore',
    key: '1',
    hint: 'Sample a model and explore its latent space',
  },
  { id: 'train', label: 'Train', key: '2', hint: 'Train a model on a folder of images' },
  {
    id: 'evaluate',
    label: 'Evaluate',
    key: '3',
    hint: 'Score a model against its training images (FID, KID, memorisation)',
  },
];

export const screenCommands: Command[] = SCREENS.map((s) =>
  register({
    id: `screen-${s.id}`,
    label: `Go to ${s.label}`,
    shortcut: s.key,
    keywords: `screen switch tab ${s.hint}`,
    perform: ({ actions }) => actions.setScreen(s.id),
    enabled: ({ state }) => state.screen !== s.id,
  }),
);

const onTrain = ({ state }: { state: { screen: Screen } }) => state.screen === 'train';

export const scanFolder = register({
  id: 'train-scan',
  label: 'Scan training folder',
  keywords: 'dataset check images train',
  perform: ({ actions }) => actions.scanFolder(),
  enabled: ({ state }) => onTrain({ state }) && state.training.folder.trim() !== '',
});

export const refreshRuns = register({
  id: 'train-refresh-runs',
  label: 'Refresh training runs',
  keywords: 'list reattach train',
  perform: ({ actions }) => actions.refreshRuns(),
  enabled: onTrain,
});

export const evaluateRun = register({
  id: 'eval-run',
  label: 'Run evaluation',
  keywords: 'evaluate score fid kid precision recall memorisation metrics',
  screen: 'evaluate',
  perform: ({ actions }) => runEvaluation(actions.ctx),
  enabled: () => true,
});

export const evaluateExport = register({
  id: 'eval-export-html',
  label: 'Export evaluation report (HTML)',
  keywords: 'evaluate report save html',
  screen: 'evaluate',
  perform: ({ actions }) => exportEvaluation(actions.ctx, 'html'),
  enabled: () => true,
});

export const trainingRecord = register({
  id: 'train-show-record',
  label: 'Show training record',
  keywords: 'history losses fid kid diversity curves model trained log',
  perform: ({ actions }) => showTrainingRecord(actions.ctx),
  enabled: ({ state }) => state.modelId !== null,
});

export const exportRunJob = register({
  id: 'train-export-job',
  label: 'Export run as PyTorch job (GPU machine)',
  keywords: 'pytorch torch gpu cluster ddp torchrun export job train',
  perform: ({ actions }) => exportRunJobAction(actions.ctx),
  enabled: ({ state }) =>
    onTrain({ state }) && state.progress.length === 0 && hasCheckpoint(selectedRun(state)),
});
