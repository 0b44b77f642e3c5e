import { isTextField } from '../../app/platform';
import { register } from '../../commands/registry';
import type { Screen } from '../../store/training';

/** The top-level screens, in switcher order (keys 1–4). */
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
  {
    id: 'text',
    label: 'Text',
    key: '4',
    hint: 'Continue a prompt with a text model; BLEU and bits/char on held-out text',
  },
];

const group = 'App';

for (const s of SCREENS)
  register({
    id: `screen-${s.id}`,
    group,
    label: `Go to ${s.label}`,
    shortcut: s.key,
    keywords: `screen switch tab ${s.hint}`,
    perform: ({ actions }) => actions.setScreen(s.id),
    enabled: ({ state }) => state.screen !== s.id,
  });

register({
  id: 'command-palette',
  group,
  label: 'Command palette',
  shortcut: 'Mod+K',
  global: true,
  perform: ({ actions, state }) => actions.setView({ paletteOpen: !state.paletteOpen }),
  enabled: () => true,
});

register({
  id: 'shortcuts',
  group,
  label: 'Keyboard shortcuts',
  shortcut: '?',
  keywords: 'help keys list',
  perform: ({ actions, state }) => actions.setView({ shortcutsOpen: !state.shortcutsOpen }),
  enabled: () => true,
});

register({
  id: 'about',
  group,
  label: 'About Latent Studio',
  keywords: 'version runtimes',
  perform: ({ actions, state }) => {
    const info = state.info;
    actions.toast(
      'info',
      info
        ? `Latent Studio ${info.appVersion} · ONNX ${info.runtimes.onnx} · TF.js ${info.runtimes.tfjs}`
        : 'Latent Studio',
    );
  },
  enabled: () => true,
});

register({
  id: 'models-refresh',
  group,
  label: 'Refresh the model list',
  keywords: 'import reload library',
  perform: async ({ actions, state }, args) => {
    await actions.refreshModels(args?.modelId);
    const model = args?.modelId
      ? actions.ctx.store.getState().models.find((m) => m.id === args.modelId)
      : undefined;
    if (model && state.doc.modelId !== model.id)
      actions.toast('success', `Imported the model "${model.name}".`);
  },
  enabled: () => true,
});

register({
  id: 'open-png',
  group: 'Project',
  label: 'Open PNG…',
  shortcut: 'Mod+O',
  global: true,
  keywords: 'load import file metadata',
  perform: () => document.getElementById('open-png-input')?.click(),
  enabled: () => true,
});

/** Text fields keep their own undo while focused: the menu's Undo then edits the field. */
function focusedTextField(): boolean {
  return typeof document !== 'undefined' && isTextField(document.activeElement);
}

register({
  id: 'undo',
  group: 'Edit',
  label: 'Undo',
  shortcut: 'Mod+Z',
  keywords: 'back revert history',
  perform: ({ actions }) => {
    if (focusedTextField()) document.execCommand('undo');
    else actions.undo();
  },
  enabled: ({ actions }) => focusedTextField() || actions.canUndo(),
});

register({
  id: 'redo',
  group: 'Edit',
  label: 'Redo',
  shortcut: 'Mod+Shift+Z',
  keywords: 'again forward history',
  perform: ({ actions }) => {
    if (focusedTextField()) document.execCommand('redo');
    else actions.redo();
  },
  enabled: ({ actions }) => focusedTextField() || actions.canRedo(),
});
