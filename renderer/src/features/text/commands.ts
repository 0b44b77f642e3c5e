import { register, type CommandContext } from '../../commands/registry';
import { streaming } from './text';

const group = 'Text';
const hasModel = ({ state }: CommandContext) =>
  state.text.models.some((m) => m.id === state.text.modelId);

register({
  id: 'text-refresh-models',
  group,
  label: 'Refresh the text models',
  keywords: 'text library list reload',
  perform: ({ actions }) => actions.loadTextModels(),
  enabled: () => true,
});

register({
  id: 'text-generate',
  screen: 'text',
  group,
  label: 'Generate continuations of the prompt',
  shortcut: 'Mod+Enter',
  global: true,
  keywords: 'text generate continue prompt sample write',
  perform: ({ actions, state }) => actions.generateText(state.text.generateCount),
  enabled: (ctx) => hasModel(ctx) && !streaming(ctx.state.text),
});

register({
  id: 'text-cancel',
  group,
  label: 'Stop generating',
  keywords: 'text cancel stop generation',
  perform: ({ actions }) => actions.cancelGeneration(),
  enabled: ({ state }) => streaming(state.text),
});

register({
  id: 'text-favourite',
  group,
  label: 'Favourite the continuation',
  keywords: 'text star keep continuation',
  perform: ({ actions, state }, args) => {
    const id = args?.id ?? state.text.continuations.at(-1)?.id;
    if (id) actions.toggleTextFavourite(id);
  },
  enabled: ({ state }) => state.text.continuations.length > 0,
});

register({
  id: 'text-clear',
  group,
  label: 'Clear continuations (favourites stay)',
  keywords: 'text remove continuations',
  perform: ({ actions }) => actions.clearContinuations(),
  enabled: ({ state }) => state.text.continuations.some((c) => !c.favourite),
});

register({
  id: 'text-export',
  group,
  label: 'Export continuations as .txt',
  keywords: 'text save download continuations favourites',
  perform: ({ actions }) => actions.exportContinuations(),
  enabled: ({ state }) => state.text.continuations.some((c) => c.status !== 'streaming'),
});

register({
  id: 'text-evaluate',
  group,
  label: 'Evaluate the text model (BLEU, bits/char)',
  keywords: 'text bleu perplexity bits char held-out evaluate',
  perform: ({ actions }) => actions.runTextEvaluation(),
  enabled: (ctx) => hasModel(ctx) && ctx.state.text.evaluation.status !== 'running',
});

register({
  id: 'text-evaluate-cancel',
  group,
  label: 'Cancel the text evaluation',
  keywords: 'text bleu cancel stop',
  perform: ({ actions }) => actions.cancelTextEvaluation(),
  enabled: ({ state }) => state.text.evaluation.jobId !== null,
});
