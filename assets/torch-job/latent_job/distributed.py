"""Data parallelism with the app's semantics: N ranks on a batch equal one process on it.

Each rank takes a contiguous slice of the app's batch. DistributedDataParallel averages the
parameter gradients; the layers that look across the batch (batch norm, minibatch stddev) see the
WHOLE batch through the differentiable collectives below (their own process group, so they never
interleave with DDP's gradient buckets). With one process everything here is a no-op.
"""
import datetime
import os

import torch
import torch.distributed as dist


class Context:
    rank = 0
    world = 1
    local_rank = 0
    group = None  # the process group of the layer collectives

    @property
    def active(self):
        return self.world > 1


CTX = Context()


def launched_world():
    """(rank, world, local_rank) from the launcher's environment (torchrun, SLURM via torchrun, spawn)."""
    if "WORLD_SIZE" in os.environ and int(os.environ["WORLD_SIZE"]) > 1:
        return int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"]), int(os.environ.get("LOCAL_RANK", "0"))
    return 0, 1, 0


def init(device_type, timeout_s=1800.0):
    """env:// initialisation (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE) when launched with several
    processes. `timeout_s` bounds every wait on the others (start-up, each collective): a rank
    that is gone makes the rest fail with torch's message instead of waiting for ever."""
    rank, world, local_rank = launched_world()
    CTX.rank, CTX.world, CTX.local_rank = rank, world, local_rank
    if world > 1:
        backend = "nccl" if device_type == "cuda" else "gloo"
        timeout = datetime.timedelta(seconds=timeout_s)
        dist.init_process_group(backend=backend, init_method="env://", rank=rank, world_size=world, timeout=timeout)
        CTX.group = dist.new_group(list(range(world)), timeout=timeout)
    return CTX


def shutdown():
    """Ends the process groups (after families.unwrap_ddp has dropped the Reducers, which says why
    the order matters)."""
    if CTX.world > 1 and dist.is_initialized():
        dist.barrier()
        CTX.group = None
        dist.destroy_process_group()


def local_slice(n):
    """The rows of a batch of n that this rank trains on."""
    if n % CTX.world != 0:
        raise ValueError(
            f"The batch of {n} does not split evenly over {CTX.world} processes; "
            f"choose a process count that divides it."
        )
    k = n // CTX.world
    return slice(CTX.rank * k, (CTX.rank + 1) * k)


class _AllReduceSum(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        y = x.clone()
        dist.all_reduce(y, group=CTX.group)
        return y

    @staticmethod
    def backward(ctx, grad):
        g = grad.clone()
        dist.all_reduce(g, group=CTX.group)
        return g


class _AllGather(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        parts = [torch.empty_like(x) for _ in range(CTX.world)]
        dist.all_gather(parts, x.contiguous(), group=CTX.group)
        return torch.cat(parts, dim=0)

    @staticmethod
    def backward(ctx, grad):
        g = grad.clone()
        dist.all_reduce(g, group=CTX.group)
        return g.chunk(CTX.world, dim=0)[CTX.rank].contiguous()


def all_reduce_sum(x):
    """Sum over ranks, differentiable (the gradient is summed back): identity with one process."""
    return _AllReduceSum.apply(x) if CTX.active else x


def all_gather_batch(x):
    """The whole batch from every rank's slice, in rank order, differentiable."""
    return _AllGather.apply(x) if CTX.active else x


def mean_over_ranks(value):
    """A float averaged over ranks (losses for the log)."""
    if not CTX.active:
        return float(value)
    t = torch.tensor([float(value)], dtype=torch.float64)
    if dist.get_backend() == "nccl":
        t = t.cuda()
    dist.all_reduce(t)
    return float(t.item()) / CTX.world


def barrier():
    if CTX.active:
        dist.barrier()


class single_process:
    """Within this block the layers use this rank's batch alone (rank 0's model folder work)."""

    def __enter__(self):
        self.saved = CTX.world
        CTX.world = 1
        return self

    def __exit__(self, *exc):
        CTX.world = self.saved
        return False


def any_rank(flag):
    """Whether any rank has `flag` set (a stop request reaches every rank at the same step)."""
    if not CTX.active:
        return bool(flag)
    t = torch.tensor([1.0 if flag else 0.0])
    if dist.get_backend() == "nccl":
        t = t.cuda()
    dist.all_reduce(t)
    return bool(t.item() > 0)
