import { register } from '../../commands/registry';

register({
  id: 'eval-run',
  group: 'Evaluate',
  label: 'Run evaluation',
  keywords: 'evaluate score fid kid precision recall memorisation metrics',
  screen: 'evaluate',
  perform: ({ actions }) => actions.runEvaluation(),
  enabled: ({ state }) => state.evaluate.status !== 'running',
});

register({
  id: 'eval-export-html',
  group: 'Evaluate',
  label: 'Export evaluation report (HTML)',
  keywords: 'evaluate report save html',
  screen: 'evaluate',
  perform: ({ actions }) => actions.exportEvaluation('html'),
  enabled: ({ state }) => state.evaluate.report !== null,
});

register({
  id: 'eval-export-png',
  group: 'Evaluate',
  label: 'Export evaluation report (PNG)',
  keywords: 'evaluate report save png image',
  screen: 'evaluate',
  perform: ({ actions }) => actions.exportEvaluation('png'),
  enabled: ({ state }) => state.evaluate.report !== null,
});

register({
  id: 'eval-cancel',
  group: 'Evaluate',
  label: 'Cancel the evaluation',
  keywords: 'evaluate stop abort',
  perform: ({ actions }) => actions.cancelEvaluation(),
  enabled: ({ state }) => state.evaluate.status === 'running',
});
