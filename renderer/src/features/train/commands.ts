import { register, type CommandContext } from '../../commands/registry';

const onTrain = ({ state }: CommandContext) => state.screen === 'train';

register({
  id: 'train-scan',
  group: 'Train',
  label: 'Scan training folder',
  keywords: 'dataset check images train',
  perform: ({ actions }) => actions.scanFolder(),
  enabled: (ctx) => onTrain(ctx) && ctx.state.training.folder.trim() !== '',
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
