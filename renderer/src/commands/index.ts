// Every feature's commands register themselves on import; this is the one list of them.
import '../features/shell/commands';
import '../features/explore/commands';
import '../features/animation/commands';
import '../features/latent-tools/commands';
import '../features/diffusion/commands';
import '../features/project/commands';
import '../features/train/commands';
import '../features/evaluate/commands';
import '../features/text/commands';
import '../features/pixelcnn/commands';

export * from './registry';
