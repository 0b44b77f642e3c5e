import { currentModel } from '../../store/selectors';
import { register, type CommandContext } from '../../commands/registry';

const group = 'Latent tools';
const idle = ({ state }: CommandContext) => state.progress.length === 0;
const hasModel = ({ state }: CommandContext) => state.doc.modelId !== null;

register({
  id: 'compute-directions',
  screen: 'explore',
  group,
  label: 'Find directions (PCA)',
  keywords: 'ganspace sliders principal components',
  perform: ({ actions }) => {
    actions.setView({ toolTab: 'directions' });
    return actions.computeDirections();
  },
  enabled: (ctx) => hasModel(ctx) && idle(ctx),
});

register({
  id: 'keep-moved',
  screen: 'explore',
  group,
  label: 'Keep the image moved by the sliders',
  keywords: 'direction save slider',
  perform: ({ actions }) => actions.keepMoved(),
  enabled: ({ state }) => state.directionPreview !== null,
});

register({
  id: 'latent-arithmetic',
  screen: 'explore',
  group,
  label: 'A − B + C of the selected three',
  shortcut: 'M',
  keywords: 'arithmetic minus plus sum analogy',
  perform: ({ actions }) => actions.latentArithmetic(),
  enabled: ({ state }) => state.doc.selection.length >= 3,
});

register({
  id: 'open-image',
  group,
  label: 'Image to latent: open an image…',
  keywords: 'encode project vae file picture',
  perform: ({ actions }) => {
    actions.setView({ toolTab: 'image' });
    document.getElementById('open-image-input')?.click();
  },
  enabled: hasModel,
});

register({
  id: 'encode-image',
  screen: 'explore',
  group,
  label: 'Encode the image with the model’s encoder (VAE)',
  keywords: 'encode vae encoder target latent',
  perform: ({ actions }) => actions.encodeTarget(),
  enabled: (ctx) =>
    ctx.state.imageTarget !== null &&
    ctx.state.imageTarget.status !== 'running' &&
    currentModel(ctx.state)?.hasEncoder === true &&
    idle(ctx),
});

register({
  id: 'project-image',
  screen: 'explore',
  group,
  label: 'Project the image into the latent space (diffusion: DDIM inversion)',
  keywords: 'projection search optimise target invert inversion ddim',
  perform: ({ state, actions }) => actions.projectTarget(state.projectionSteps),
  enabled: (ctx) => ctx.state.imageTarget !== null && idle(ctx),
});

register({
  id: 'breed',
  screen: 'explore',
  group,
  label: 'Breed the selected parents',
  shortcut: 'B',
  keywords: 'children crossover mutate artbreeder',
  perform: ({ actions }) => {
    actions.setView({ toolTab: 'breed' });
    return actions.breed();
  },
  enabled: (ctx) => ctx.state.doc.selection.length > 0 && idle(ctx),
});

register({
  id: 'keep-children',
  screen: 'explore',
  group,
  label: 'Keep the selected children',
  keywords: 'breed children kept save',
  perform: ({ actions }) => actions.keepChildren(),
  enabled: ({ state }) => state.doc.selection.some((k) => state.doc.breeding.children.includes(k)),
});
