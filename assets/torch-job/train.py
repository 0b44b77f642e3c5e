"""A Latent Studio training run as a PyTorch job (written by `latent-studio export-job`).

    python train.py                                  one process (CUDA if present, else CPU)
    torchrun --nproc_per_node=N train.py             N processes, DistributedDataParallel
    torchrun --nnodes=K --node_rank=R --nproc_per_node=N \\
             --master_addr=HOST --master_port=29500 train.py      several nodes
    python train.py --procs N                        N processes on this machine (spawn)

Every launch continues from the newest checkpoint in out/ (the app's own format), so stopping and
starting again, or moving between the app and this job, resumes exactly. README.md has the details.
"""
import argparse
import os
import socket
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Train a Latent Studio run with PyTorch.")
    p.add_argument("--steps", type=int, default=0, help="train until this step (default: the run's total)")
    p.add_argument("--procs", type=int, default=1, help="start N processes on this machine (torch.multiprocessing spawn)")
    p.add_argument("--device", choices=["auto", "cuda", "cpu"], default="auto")
    p.add_argument("--amp", choices=["auto", "on", "off"], default="auto",
                   help="mixed precision: auto = on with CUDA (bf16, or fp16 with a GradScaler), off on CPU")
    p.add_argument("--out", default="", help="run folder for checkpoints and the model (default: out/ beside train.py)")
    p.add_argument("--shard", default="", help="the image shard, if it moved (data modes copy/reference)")
    p.add_argument("--folder", default="", help="the image folder, if it moved (data mode folder)")
    p.add_argument("--threads", type=int, default=0, help="CPU threads per process (default: cores / processes)")
    p.add_argument("--dist-timeout", type=float, default=1800,
                   help="seconds a process waits for the others (start-up and every collective) before it fails")
    p.add_argument("--log-every", type=int, default=10)
    p.add_argument("--json", action="store_true", help="one JSON line per step, then a JSON result")
    p.add_argument("--dump-step", default="", help=argparse.SUPPRESS)  # tests: gradients of the first step
    return p.parse_args(argv)


def _ephemeral_low():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range", encoding="ascii") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _free_port():
    """A free port below the kernel's ephemeral range, as torchrun's 29500 is. A port from that
    range can be handed to a client socket as its source port: a rank still retrying to reach a
    store that is not listening yet may then connect to itself (TCP simultaneous open) and wait
    forever. A port the kernel never hands out cannot be taken that way."""
    import random

    low = _ephemeral_low()
    pick = random.Random(os.getpid() ^ int.from_bytes(os.urandom(4), "little"))
    for _ in range(200):
        port = pick.randrange(max(1024, low - 12000), low)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _spawned(index, args, procs):
    os.environ.update(RANK=str(index), LOCAL_RANK=str(index), WORLD_SIZE=str(procs), LOCAL_WORLD_SIZE=str(procs))
    from latent_job.runner import run

    run(HERE, args)


def main():
    args = parse_args()
    if args.procs > 1 and "WORLD_SIZE" not in os.environ:
        import torch.multiprocessing as mp

        os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
        os.environ.setdefault("MASTER_PORT", str(_free_port()))
        try:
            mp.spawn(_spawned, args=(args, args.procs), nprocs=args.procs, join=True)
        except mp.ProcessRaisedException as err:
            last = str(err).strip().splitlines()[-1] if str(err).strip() else repr(err)
            print(f"train.py: a process failed: {last}", file=sys.stderr)
            sys.exit(1)
        return
    from latent_job.runner import run

    try:
        run(HERE, args)
    except (RuntimeError, ValueError, KeyError, OSError) as err:
        print(f"train.py: {err}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
