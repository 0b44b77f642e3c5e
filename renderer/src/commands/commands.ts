import { selectedItems } from '../state/studio';
import { register } from './registry';

const hasModel = ({ state }: { state: { modelId: string | null } }) => state.modelId !== null;

export const sample = register({
  id: 'sample',
  screen: 'explore',
  label: 'Sample grid',
  shortcut: 'S',
  keywords: 'render generate',
  perform: ({ actions }) => actions.sample(),
  enabled: hasModel,
});

export const reroll = register({
  id: 'reroll',
  screen: 'explore',
  label: 'Reroll (new random seed)',
  shortcut: 'R',
  keywords: 'random shuffle',
  perform: ({ actions }) => actions.reroll(),
  enabled: hasModel,
});

export const placeSelected = register({
  id: 'place-selected',
  screen: 'explore',
  label: 'Place selected on canvas',
  shortcut: 'P',
  keywords: 'anchor explore',
  perform: ({ actions }) => actions.placeSelected(),
  enabled: ({ state }) => state.selection.length > 0,
});

export const exportSelected = register({
  id: 'export-selected',
  screen: 'explore',
  label: 'Export selected as PNG',
  shortcut: 'Mod+E',
  global: true,
  keywords: 'save png',
  perform: ({ actions }) => actions.exportSelected(),
  enabled: ({ state }) => state.selection.length > 0,
});

export const toggleFavourite = register({
  id: 'toggle-favourite',
  screen: 'explore',
  label: 'Toggle favourite',
  shortcut: 'F',
  keywords: 'star',
  perform: ({ actions }) => actions.toggleFavourite(),
  enabled: ({ state }) => selectedItems(state).length > 0,
});

export const interpolate = register({
  id: 'interpolate',
  screen: 'explore',
  label: 'Interpolate selected',
  shortcut: 'I',
  keywords: 'strip slerp lerp animation',
  perform: ({ actions }) => actions.renderStrip(),
  enabled: ({ state }) => state.selection.length >= 2,
});

export const clearCanvas = register({
  id: 'clear-canvas',
  screen: 'explore',
  label: 'Clear canvas',
  shortcut: 'Shift+Delete',
  keywords: 'remove anchors',
  perform: ({ actions }) => actions.clearCanvas(),
  enabled: ({ state }) => state.anchors.length > 0,
});

export const selectAll = register({
  id: 'select-all',
  screen: 'explore',
  label: 'Select all samples',
  shortcut: 'Mod+A',
  perform: ({ actions }) => actions.selectAll(),
  enabled: ({ state }) => state.grid.length > 0,
});

export const clearSelection = register({
  id: 'clear-selection',
  screen: 'explore',
  label: 'Clear selection',
  shortcut: 'Escape',
  perform: ({ actions }) => actions.clearSelection(),
  enabled: ({ state }) => state.selection.length > 0 && !state.paletteOpen,
});

export const openPng = register({
  id: 'open-png',
  label: 'Open PNG…',
  shortcut: 'Mod+O',
  global: true,
  keywords: 'load import file metadata',
  perform: () => document.getElementById('open-png-input')?.click(),
  enabled: () => true,
});

export const palette = register({
  id: 'command-palette',
  label: 'Command palette',
  shortcut: 'Mod+K',
  global: true,
  perform: ({ actions }) => actions.ctx.store.set((s) => ({ paletteOpen: !s.paletteOpen })),
  enabled: () => true,
});

const canExportStrip = ({ state }: { state: { selection: string[]; strip: unknown } }) =>
  state.selection.length >= 2 || state.strip !== null;

export const exportFrames = register({
  id: 'export-frames',
  screen: 'explore',
  label: 'Export interpolation frames',
  keywords: 'strip png sequence',
  perform: ({ actions }) => actions.exportStripFrames(),
  enabled: canExportStrip,
});

export const exportGif = register({
  id: 'export-gif',
  screen: 'explore',
  label: 'Export GIF',
  keywords: 'animation strip',
  perform: ({ actions }) => actions.exportAnimation('gif'),
  enabled: canExportStrip,
});

export const exportApng = register({
  id: 'export-apng',
  screen: 'explore',
  label: 'Export APNG',
  keywords: 'animation strip png',
  perform: ({ actions }) => actions.exportAnimation('apng'),
  enabled: canExportStrip,
});

export const showFavourites = register({
  id: 'show-favourites',
  screen: 'explore',
  label: 'Show favourites',
  keywords: 'starred tab',
  perform: ({ actions }) => actions.ctx.store.set({ leftTab: 'favourites' }),
  enabled: () => true,
});

export const showGrid = register({
  id: 'show-grid',
  screen: 'explore',
  label: 'Show sample grid',
  keywords: 'samples tab',
  perform: ({ actions }) => actions.ctx.store.set({ leftTab: 'samples' }),
  enabled: () => true,
});
