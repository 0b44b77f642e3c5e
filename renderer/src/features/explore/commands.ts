import { register, type CommandContext } from '../../commands/registry';

const hasModel = ({ state }: CommandContext) => state.doc.modelId !== null;
const hasSelection = ({ state }: CommandContext) => state.doc.selection.length > 0;
const group = 'Explore';

register({
  id: 'sample',
  screen: 'explore',
  group,
  label: 'Sample grid',
  shortcut: 'S',
  keywords: 'render generate',
  perform: ({ actions }) => actions.sample(),
  enabled: (ctx) => hasModel(ctx) && ctx.state.progress.length === 0,
});

register({
  id: 'reroll',
  screen: 'explore',
  group,
  label: 'Reroll (new random seed)',
  shortcut: 'R',
  keywords: 'random shuffle',
  perform: ({ actions }) => actions.reroll(),
  enabled: (ctx) => hasModel(ctx) && ctx.state.progress.length === 0,
});

register({
  id: 'place-selected',
  screen: 'explore',
  group,
  label: 'Place selected on canvas',
  shortcut: 'P',
  keywords: 'anchor explore',
  perform: ({ actions }) => actions.placeSelected(),
  enabled: hasSelection,
});

register({
  id: 'keep-preview',
  screen: 'explore',
  group,
  label: 'Keep the blended preview',
  shortcut: 'K',
  keywords: 'save blend probe kept lineage',
  perform: ({ actions }) => void actions.keepPreview(),
  enabled: ({ state }) => state.probe.latent !== null && state.probe.frame !== null,
});

register({
  id: 'export-selected',
  screen: 'explore',
  group,
  label: 'Export selected as PNG',
  shortcut: 'Mod+E',
  global: true,
  keywords: 'save png',
  perform: ({ actions }) => actions.exportSelected(),
  enabled: hasSelection,
});

register({
  id: 'toggle-favourite',
  screen: 'explore',
  group,
  label: 'Toggle favourite',
  shortcut: 'F',
  keywords: 'star',
  perform: ({ actions }, args) => actions.toggleFavourite(args?.keys),
  enabled: () => true,
});

register({
  id: 'interpolate',
  screen: 'explore',
  group,
  label: 'Interpolate selected',
  shortcut: 'I',
  keywords: 'strip slerp lerp animation',
  perform: ({ actions }) => actions.renderStrip(),
  enabled: ({ state }) => state.doc.selection.length >= 2 && state.progress.length === 0,
});

register({
  id: 'clear-canvas',
  screen: 'explore',
  group,
  label: 'Clear canvas',
  shortcut: 'Shift+Delete',
  keywords: 'remove anchors',
  perform: ({ actions }) => actions.clearCanvas(),
  enabled: ({ state }) => state.doc.anchors.length > 0,
});

register({
  id: 'select-all',
  screen: 'explore',
  group,
  label: 'Select all samples',
  shortcut: 'Mod+A',
  perform: ({ actions }) => actions.selectAll(),
  enabled: ({ state }) => state.doc.gridKeys.length > 0 || state.doc.kept.length > 0,
});

register({
  id: 'clear-selection',
  screen: 'explore',
  group,
  label: 'Clear selection',
  shortcut: 'Escape',
  perform: ({ actions }) => actions.clearSelection(),
  enabled: ({ state }) =>
    state.doc.selection.length > 0 && !state.paletteOpen && state.largeView === null,
});

register({
  id: 'view-large',
  screen: 'explore',
  group,
  label: 'View the selected image large',
  shortcut: 'V',
  keywords: 'zoom big enlarge preview',
  perform: ({ actions, state }, args) => {
    const key = args?.key ?? state.doc.selection.at(-1) ?? null;
    actions.setView({ largeView: state.largeView === key ? null : key });
  },
  enabled: ({ state }) => state.doc.selection.length > 0 || state.largeView !== null,
});

const canExportStrip = ({ state }: CommandContext) =>
  (state.doc.selection.length >= 2 || state.strip !== null) && state.progress.length === 0;

register({
  id: 'export-frames',
  screen: 'explore',
  group: 'Strip',
  label: 'Export interpolation frames',
  keywords: 'strip png sequence',
  perform: ({ actions }) => actions.exportStripFrames(),
  enabled: canExportStrip,
});

register({
  id: 'export-gif',
  screen: 'explore',
  group: 'Strip',
  label: 'Export GIF',
  keywords: 'animation strip',
  perform: ({ actions }) => actions.exportAnimation('gif'),
  enabled: canExportStrip,
});

register({
  id: 'export-apng',
  screen: 'explore',
  group: 'Strip',
  label: 'Export APNG',
  keywords: 'animation strip png',
  perform: ({ actions }) => actions.exportAnimation('apng'),
  enabled: canExportStrip,
});

register({
  id: 'show-grid',
  screen: 'explore',
  group,
  label: 'Show sample grid',
  keywords: 'samples tab',
  perform: ({ actions }) => actions.setView({ leftTab: 'samples' }),
  enabled: () => true,
});

register({
  id: 'show-kept',
  screen: 'explore',
  group,
  label: 'Show kept images',
  keywords: 'project blends children encoded tab',
  perform: ({ actions }) => actions.setView({ leftTab: 'kept' }),
  enabled: () => true,
});

register({
  id: 'show-favourites',
  screen: 'explore',
  group,
  label: 'Show favourites',
  keywords: 'starred tab',
  perform: ({ actions }) => actions.setView({ leftTab: 'favourites' }),
  enabled: () => true,
});
