// Runs trainCommand as the CLI would (its own process, real stdout and SIGINT). Args: FOLDER OUT [steps].
import { trainCommand } from '../../main/cli/commands/train-command';

const [folder = '', out = '', steps = '4'] = process.argv.slice(2);
await trainCommand(folder, {
  family: 'gan',
  out,
  steps: Number(steps),
  batch: 2,
  width: 2,
  json: true,
});
process.exit(0);
