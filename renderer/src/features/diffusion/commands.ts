import { register } from '../../commands/registry';
import { currentModel } from '../../store/selectors';

register({
  id: 'denoise-live',
  screen: 'explore',
  group: 'Diffusion',
  label: 'Denoise live (watch the image emerge)',
  keywords: 'diffusion ddim ddpm steps x0',
  perform: ({ actions }) => actions.denoiseLive(),
  enabled: ({ state }) =>
    currentModel(state)?.diffusion !== undefined &&
    state.diffusion.live.jobId === null &&
    state.progress.length === 0,
});
