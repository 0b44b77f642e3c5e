import { serveShardTask } from './grad-worker';
import { createTrainingReplica } from './train-replica';

// Worker entry of the trainer's data-parallel replicas: bundled as dist/cli/train-replica.mjs
// (scripts/build.mjs); run from source through tsx in tests (see replica-entry.ts).
void serveShardTask(createTrainingReplica);
