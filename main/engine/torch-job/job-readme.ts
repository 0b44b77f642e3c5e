import { join } from 'node:path';
import type { JobDataIndex } from './job-data';

/**
 * The job's README: how to launch it on one GPU, several GPUs and several nodes, with this job's
 * own paths and numbers, and how the result comes back into the app.
 */
export interface LaunchCommands {
  single: string;
  spawn: string;
  gpus: string;
  nodes: string[];
  importModel: string;
  importCheckpoint: string;
}

/** A path as one shell word. */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function launchCommands(dir: string, batch: number): LaunchCommands {
  const cd = `cd ${shellWord(dir)} && `;
  const gpus = batch % 4 === 0 ? 4 : batch % 2 === 0 ? 2 : 1;
  return {
    single: `${cd}python train.py`,
    spawn: `${cd}python train.py --procs 2`,
    gpus: `${cd}torchrun --standalone --nproc_per_node=${gpus} train.py`,
    nodes: [
      `# on every node (NODE_RANK 0 on the first; HEAD = the first node's address):`,
      `${cd}torchrun --nnodes=2 --node_rank=$NODE_RANK --nproc_per_node=${gpus} --master_addr=$HEAD --master_port=29500 train.py`,
    ],
    importModel: `latent-studio import ${shellWord(join(dir, 'out', 'model'))} --json`,
    importCheckpoint: `latent-studio import-checkpoint ${shellWord(join(dir, 'out'))} --out RUN_DIR --json`,
  };
}

export function jobReadme(o: {
  out: string;
  family: string;
  start: number;
  steps: number;
  data: JobDataIndex;
  commands: LaunchCommands;
}): string {
  const { commands: c, data } = o;
  const dataLine =
    data.mode === 'copy'
      ? `data/images.shard: the app's prepared images (${data.count}, ${data.size}×${data.size}×${data.channels}), copied.`
      : data.mode === 'reference'
        ? `${data.shard}: the app's prepared images (${data.count}), referenced where they are. If the app re-prepares that folder the shard is replaced; pass \`--shard PATH\` if it moved.`
        : `${data.folder}: the original images (${data.count}), decoded by the job with Pillow once (a few levels off the app's sharp decoding); pass \`--folder PATH\` if it moved.`;
  return `# Latent Studio training job (PyTorch)

A ${o.family.toUpperCase()} run exported by \`latent-studio export-job\`: it starts at step ${o.start}
(out/checkpoints/) and trains until step ${o.steps}, computing exactly the app's step — the same
networks (networks.py, generated from the run's NetSpecs), losses, Adam (with its state), augmentation,
EMA, running statistics and per-step random numbers — on PyTorch, on GPUs when present.

Needs Python 3.9+, PyTorch ≥ 1.13 and NumPy (Pillow for data mode "folder").

## Launch

One GPU (or the CPU when there is none):

    ${c.single}

Several GPUs on one machine (DistributedDataParallel, one process per GPU):

    ${c.gpus}

Several nodes (env:// rendezvous; the same command on each node):

    ${c.nodes.join('\n    ')}

SLURM (one torchrun per node):

    srun --nodes=2 --ntasks-per-node=1 bash -c 'cd ${shellWord(o.out)} && torchrun --nnodes=$SLURM_NNODES \\
         --node_rank=$SLURM_NODEID --nproc_per_node=4 \\
         --master_addr=$(scontrol show hostnames $SLURM_JOB_NODELIST | head -n1) --master_port=29500 train.py'

Several processes on this machine without torchrun (torch.multiprocessing spawn):

    ${c.spawn}

The batch is split evenly over the processes — each takes its slice of the
app's batch, batch norm and minibatch stddev see the whole batch — so N processes compute what one
process computes on the full batch. The process count must divide the batch.

Options: \`--steps N\` (train until step N), \`--amp on|off|auto\` (mixed precision; auto = on with CUDA:
bf16, or fp16 with a GradScaler), \`--device cpu|cuda\`, \`--json\` (one JSON line per step), \`--out DIR\`,
\`--dist-timeout S\` (seconds a process waits for the others before it fails; default 1800). \`--procs N\`
picks its rendezvous port below the kernel's ephemeral range, as torchrun's 29500 is.
Ctrl-C stops after the current step with a checkpoint; launching again continues from it.

## Files

- out/checkpoints/step-NNNNNNN/ — checkpoints in the app's format (the first is where the app stopped)
- out/model/ — at the end: the model folder (sampling network, config, training-log.json, metrics.jsonl)
- ${dataLine}

## Back into Latent Studio

The finished model joins the library (exported to ONNX, verified), with its training record:

    ${c.importModel}

Or continue training in the app from the job's newest checkpoint:

    ${c.importCheckpoint}
    latent-studio train ${shellWord(data.folder)} --family ${o.family} --out RUN_DIR --resume
`;
}
