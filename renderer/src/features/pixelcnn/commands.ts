import { register } from '../../commands/registry';
import { isPixelCnn } from './pixelcnn';

register({
  id: 'pixelcnn-sample-live',
  screen: 'explore',
  group: 'PixelCNN',
  label: 'Sample pixel by pixel (watch the images fill in)',
  keywords: 'pixelcnn autoregressive live sample complete completion fill',
  perform: ({ actions }) => actions.pixelCnnSampleLive(),
  enabled: ({ state }) =>
    isPixelCnn(state) && state.pixelcnn.jobId === null && state.progress.length === 0,
});

register({
  id: 'pixelcnn-cancel',
  group: 'PixelCNN',
  label: 'Stop sampling pixel by pixel',
  keywords: 'pixelcnn cancel stop',
  perform: ({ actions }) => actions.pixelCnnCancel(),
  enabled: ({ state }) => state.pixelcnn.jobId !== null,
});
