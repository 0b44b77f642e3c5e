// Runs trainCommand as the CLI would (its own process, real stdout and SIGINT).
// Args: FOLDER OUT [steps] [extractor.onnx evalEvery].
import { trainCommand } from '../../main/cli/commands/train-command';

const [folder = '', out = '', steps = '4', extractor, evalEvery] = process.argv.slice(2);
await trainCommand(folder, {
  out,
  resume: false,
  json: true,
  width: 2,
  settings: {
    family: 'gan',
    steps: Number(steps),
    batch: 2,
    ...(extractor ? { extractor, evalEvery: Number(evalEvery ?? 2), evalSamples: 10 } : {}),
  },
});
process.exit(0);
