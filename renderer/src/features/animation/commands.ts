import { register, type CommandContext } from '../../commands/registry';

const group = 'Keyframe path';
const hasPath = ({ state }: CommandContext) => state.doc.path.keys.length >= 2;
const idle = ({ state }: CommandContext) => state.progress.length === 0;

register({
  id: 'add-keyframes',
  screen: 'explore',
  group,
  label: 'Add selected as keyframes',
  shortcut: 'A',
  keywords: 'path animation keyframe video',
  perform: ({ actions }) => {
    actions.addSelectedKeyframes();
    actions.setView({ toolTab: 'path' });
  },
  enabled: ({ state }) => state.doc.selection.length > 0,
});

register({
  id: 'add-anchor-keyframes',
  screen: 'explore',
  group,
  label: 'Add the canvas anchors as keyframes',
  keywords: 'path animation keyframe canvas anchors',
  perform: ({ actions }) => {
    actions.addAnchorKeyframes();
    actions.setView({ toolTab: 'path' });
  },
  enabled: ({ state }) => state.doc.anchors.length > 0,
});

register({
  id: 'add-blend-keyframe',
  screen: 'explore',
  group,
  label: 'Keep the blend under the pointer as a keyframe',
  keywords: 'path animation keyframe probe preview blend',
  perform: ({ actions }) => actions.addPreviewKeyframe(),
  enabled: ({ state }) => state.probe.latent !== null && state.probe.frame !== null,
});

register({
  id: 'clear-path',
  screen: 'explore',
  group,
  label: 'Clear the keyframe path',
  keywords: 'path animation keyframes remove reset',
  perform: ({ actions }) => actions.clearPath(),
  enabled: ({ state }) => state.doc.path.keys.length > 0,
});

register({
  id: 'play-path',
  screen: 'explore',
  group,
  label: 'Preview the keyframe path',
  keywords: 'play animation render frames',
  perform: ({ actions }) => {
    actions.setView({ toolTab: 'path' });
    return actions.renderPathPreview();
  },
  enabled: (ctx) => hasPath(ctx) && idle(ctx),
});

register({
  id: 'export-video',
  screen: 'explore',
  group,
  label: 'Export video…',
  shortcut: 'Mod+Shift+E',
  global: true,
  keywords: 'mp4 webm gif apng movie animation path',
  perform: ({ actions }) => actions.setView({ videoDialog: true, toolTab: 'path' }),
  enabled: hasPath,
});

register({
  id: 'export-sprite-sheet',
  screen: 'explore',
  group,
  label: 'Export a sprite sheet',
  keywords: 'atlas grid png json frames',
  perform: ({ actions }) => actions.exportSpriteSheet(),
  enabled: (ctx) => (hasPath(ctx) || ctx.state.doc.selection.length > 0) && idle(ctx),
});
