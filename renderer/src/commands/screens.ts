import type { Screen } from '../state/training';
import { register, type Command } from './registry';

/** The top-level screens, in switcher order. "Evaluate" joins here (key 3) when it exists. */
export const SCREENS: readonly { id: Screen; label: string; key: string; hint: string }[] = [
  {
    id: 'explore',
    label: 'Explore',
    key: '1',
    hint: 'Sample a model and explore its latent space',
  },
  { id: 'train', label: 'Train', key: '2', hint: 'Train a model on a folder of images' },
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
