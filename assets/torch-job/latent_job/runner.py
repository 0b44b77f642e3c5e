"""The training loop of a job: the app's trainer loop (main/engine/training/trainer.ts) on PyTorch.

Starts from the newest checkpoint of the job's run folder that verifies (the exported one at
first, so the job continues exactly where the app stopped: weights, Adam moments and t, EMA,
running statistics, step, data position), runs steps until --steps (the run's total), writes
checkpoints every checkpointEvery steps and at the end, then the model folder. Rank 0 writes;
every rank computes the same update from the averaged gradients.
"""
import importlib.util
import json
import math
import os
import signal
import sys
import time

import numpy as np
import torch

from . import checkpoint as C
from . import distributed as D
from .data import ShardLoader, decode_folder
from .families import FAMILIES, unwrap_ddp


def say(message):
    if D.CTX.rank == 0:
        print(message, file=sys.stderr, flush=True)


def load_networks(job_dir):
    spec = importlib.util.spec_from_file_location("networks", os.path.join(job_dir, "networks.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.NETWORKS


def pick_device(choice, local_rank):
    if choice == "cuda" or (choice == "auto" and torch.cuda.is_available()):
        if not torch.cuda.is_available():
            raise RuntimeError("--device cuda was asked for, but PyTorch sees no CUDA device.")
        if local_rank >= torch.cuda.device_count():
            raise RuntimeError(
                f"Process {local_rank} on this node has no GPU: {torch.cuda.device_count()} visible. "
                "Start at most one process per GPU."
            )
        torch.cuda.set_device(local_rank)
        return torch.device("cuda", local_rank)
    return torch.device("cpu")


def open_data(job_dir, job, snapshot, args):
    with open(os.path.join(job_dir, "data", "index.json"), encoding="utf-8") as f:
        index = json.load(f)
    mode = job["data"]["mode"]
    if mode == "folder":
        folder = args.folder or index["folder"]
        shard = os.path.join(job_dir, "data", f"decoded-{index['size']}-{index['channels']}.shard")
        if int(os.environ.get("LOCAL_RANK", "0")) == 0 and not os.path.exists(shard):
            say(f"Decoding {len(index['files'])} images of {folder} with Pillow (once)...")
            decode_folder(folder, index["files"], index["size"], index["channels"], index["background"], shard, say)
        D.barrier()
    else:
        shard = args.shard or index["shard"]
        if not os.path.isabs(shard):
            shard = os.path.join(job_dir, shard)
    return ShardLoader(
        shard, index["count"], index["size"], index["channels"], index["trainIndices"], snapshot["loaderState"]
    )


def runtime_label(device, amp_label):
    parts = [device.type]
    if D.CTX.world > 1:
        parts.append(f"{D.CTX.world} processes")
    if amp_label != "off":
        parts.append(f"amp {amp_label}")
    return f"pytorch {torch.__version__} ({', '.join(parts)})"


def dump(folder, losses, grads, inputs):
    os.makedirs(folder, exist_ok=True)
    C.write_tensors(folder, grads, "grads")
    C.write_tensors(folder, {k: v.astype(np.float32) for k, v in inputs.items()}, "inputs")
    with open(os.path.join(folder, "losses.json"), "w", encoding="utf-8") as f:
        json.dump(losses, f)


def run(job_dir, args):
    with open(os.path.join(job_dir, "job.json"), encoding="utf-8") as f:
        job = json.load(f)
    D.CTX.rank, D.CTX.world, D.CTX.local_rank = D.launched_world()
    device = pick_device(args.device, D.CTX.local_rank)
    D.init(device.type, args.dist_timeout)
    if args.threads:
        torch.set_num_threads(args.threads)
    elif device.type == "cpu":
        local = int(os.environ.get("LOCAL_WORLD_SIZE", str(D.CTX.world)))
        torch.set_num_threads(max(1, (os.cpu_count() or 1) // max(1, local)))
    amp = args.amp == "on" or (args.amp == "auto" and device.type == "cuda")
    if device.type == "cuda":
        # Without autocast keep the app's float32 arithmetic (no TF32 shortcuts).
        torch.backends.cuda.matmul.allow_tf32 = amp
        torch.backends.cudnn.allow_tf32 = amp

    run_dir = os.path.abspath(args.out or os.path.join(job_dir, "out"))
    folder = C.latest_checkpoint(run_dir, say)
    if folder is None:
        raise RuntimeError(f"{run_dir} holds no checkpoint to start from (the export puts one there).")
    ck = C.read_checkpoint(folder)
    if json.dumps(ck["nets"], sort_keys=True) != json.dumps(job["nets"], sort_keys=True):
        raise RuntimeError(f"The networks of {folder} are not the ones networks.py was generated from; re-export the job.")
    snapshot = ck["snapshot"]
    step = int(snapshot["step"])
    total = args.steps or job["steps"]
    batch = job["batch"]
    local = D.local_slice(batch)
    classes = load_networks(job_dir)
    nets = {prefix: classes[prefix]() for prefix in job["nets"]}
    family = FAMILIES[job["family"]](job, nets, ck["state"], snapshot.get("optimizerSteps", {}), device, amp, D.CTX.active)
    loader = open_data(job_dir, job, snapshot, args)
    label = runtime_label(device, family.amp.label)
    log = list(snapshot["log"])
    setup = snapshot["setup"]
    setup = dict(setup, config=dict(setup["config"], steps=total))
    say(f"Starting at step {step} of {total} from {folder} on {label}; batch {batch}"
        + (f" ({batch // D.CTX.world} per process)" if D.CTX.world > 1 else "") + ".")

    def snap():
        return {
            "step": step,
            "epoch": loader.epoch_fraction(),
            "setup": setup,
            "loaderState": dict(loader.state),
            "log": log,
            "optimizerSteps": family.optimizer_steps(),
            "runtime": label,
        }

    stop = {"asked": False}

    def on_signal(_sig, _frame):
        if stop["asked"]:
            raise KeyboardInterrupt
        stop["asked"] = True
        say("Stopping after this step and saving a checkpoint... (Ctrl-C again to quit now)")

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    saved = step
    every = job["checkpointEvery"]
    sec_per_step = 0.0
    first = True
    while step < total:
        started = time.perf_counter()
        picks = loader.next_indices(batch)
        real = torch.from_numpy(loader.read(picks[local])).to(device)
        full = family.inputs(step, batch)
        inputs = {k: torch.from_numpy(np.ascontiguousarray(v[local])).to(device) for k, v in full.items()}
        want = bool(args.dump_step) and first
        losses, grads = family.step(real, inputs, step, want_grads=want)
        step += 1
        bad = [k for k, v in losses.items() if not math.isfinite(v)]
        if bad:
            raise RuntimeError(
                f"Training diverged at step {step}: the {bad[0]} loss became {losses[bad[0]]}. Try a lower learning rate."
            )
        if want and D.CTX.rank == 0:
            dump(args.dump_step, losses, grads, full)
        first = False
        sec = time.perf_counter() - started
        sec_per_step = sec if sec_per_step == 0 else sec_per_step * 0.95 + sec * 0.05
        entry = {"step": step, "epoch": loader.epoch_fraction(), "losses": losses, "imagesPerSec": batch / sec_per_step}
        log.append(entry)
        if D.CTX.rank == 0:
            if args.json:
                print(json.dumps(entry), flush=True)
            elif step % max(1, args.log_every) == 0 or step == total:
                text = ", ".join(f"{k} {v:.4f}" for k, v in losses.items())
                print(f"step {step}/{total}  {text}  {entry['imagesPerSec']:.1f} img/s", flush=True)
        if step % every == 0:
            if D.CTX.rank == 0:
                C.write_checkpoint(run_dir, job["nets"], family.state_tensors(), snap(), job["keepCheckpoints"])
            saved = step
            D.barrier()
        if D.any_rank(stop["asked"]):
            break
    if step != saved or first:
        if D.CTX.rank == 0:
            C.write_checkpoint(run_dir, job["nets"], family.state_tensors(), snap(), job["keepCheckpoints"])
    model_dir = None
    if step < total:
        say(f"Stopped at step {step}; checkpoint {os.path.join(run_dir, 'checkpoints', C.step_dir_name(step))}. Run again to continue.")
        unwrap_ddp(family)
        D.shutdown()
        return None
    if D.CTX.rank == 0:
        nets_out, tensors = family.model_tensors(classes)
        model_dir = C.write_model_folder(run_dir, nets_out, tensors, snap(), label)
        result = {"done": True, "step": step, "model": model_dir,
                  "checkpoint": os.path.join(run_dir, "checkpoints", C.step_dir_name(step))}
        print(json.dumps(result) if args.json else f"Done at step {step}: the model is in {model_dir}", flush=True)
    unwrap_ddp(family)
    D.shutdown()
    return model_dir
