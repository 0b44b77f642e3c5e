import { register, type CommandContext } from '../../commands/registry';
import { inDesktopShell } from '../../app/platform';
import { runControls } from './run-controls';

const onTrain = ({ state }: CommandContext) => state.screen === 'train';

register({
  id: 'train-scan',
  group: 'Train',
  label: 'Scan training folder',
  keywords: 'dataset check images train',
  perform: ({ actions }) => actions.scanFolder(),
  enabled: (ctx) =>
    onTrain(ctx) && !ctx.state.training.busy && ctx.state.training.folder.trim() !== '',
});

register({
  id: 'train-browse-folder',
  group: 'Train',
  label: 'Choose the training folder…',
  keywords: 'dataset folder browse dialog images',
  // The native folder dialog is answered by the Electron shell only.
  perform: ({ actions }) => actions.browseFolder(),
  enabled: (ctx) => onTrain(ctx) && !ctx.state.training.busy && inDesktopShell(),
});

register({
  id: 'train-close-record',
  group: 'Train',
  label: 'Close the training record',
  keywords: 'history record back runs',
  perform: ({ actions }) => actions.closeTrainingRecord(),
  enabled: ({ state }) => state.training.record !== null,
});

register({
  id: 'train-refresh-runs',
  group: 'Train',
  label: 'Refresh training runs',
  keywords: 'list reattach train',
  perform: ({ actions }) => actions.refreshRuns(),
  enabled: onTrain,
});

register({
  id: 'train-show-record',
  group: 'Train',
  label: 'Show training record',
  keywords: 'history losses fid kid diversity curves model trained log',
  perform: ({ actions }) => actions.showTrainingRecord(),
  enabled: ({ state }) =>
    state.doc.modelId !== null && state.training.hasRecord[state.doc.modelId] === true,
});

// The run controls: the buttons under the dashboard, the palette and the desktop menu's Training
// items all run these, enabled exactly when train.state allows (runControls).
register({
  id: 'train-start',
  screen: 'train',
  group: 'Train',
  label: 'Start a training run',
  keywords: 'train run begin new',
  perform: ({ actions }) => actions.startRun(),
  enabled: ({ state }) => runControls(state).canStart,
});

register({
  id: 'train-pause',
  group: 'Train',
  label: 'Pause the training run',
  keywords: 'train run hold',
  perform: ({ actions }) => actions.controlRun('pause'),
  enabled: ({ state }) => runControls(state).canPause,
});

register({
  id: 'train-resume',
  group: 'Train',
  label: 'Resume the training run',
  keywords: 'train run continue checkpoint',
  perform: ({ state, actions }) =>
    runControls(state).resume === 'control'
      ? actions.controlRun('resume')
      : actions.resumeStoppedRun(),
  enabled: ({ state }) => runControls(state).resume !== null,
});

register({
  id: 'train-stop',
  group: 'Train',
  label: 'Stop the training run (saves a checkpoint)',
  keywords: 'train run cancel halt end',
  perform: ({ actions }) => actions.controlRun('cancel'),
  enabled: ({ state }) => runControls(state).canStop,
});

register({
  id: 'train-open-model',
  group: 'Train',
  label: 'Open the trained model in Explore',
  keywords: 'train run model checkpoint explore export',
  perform: ({ state, actions }) => actions.openRunModel(!runControls(state).finished),
  enabled: ({ state }) => runControls(state).canOpen,
});

register({
  id: 'train-export-job',
  group: 'Train',
  label: 'Export the run as a PyTorch job (for a GPU machine)',
  keywords: 'torch pytorch ddp gpu cluster torchrun job export',
  perform: ({ actions }) => actions.openJobExport(),
  enabled: ({ state }) => runControls(state).canExportJob,
});
