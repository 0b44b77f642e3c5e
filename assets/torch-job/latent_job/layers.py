"""Every layer kind of the app's NetSpec (main/engine/nets/layers/) as PyTorch, with the app's
parameter names and layouts so a state dict maps 1:1 onto a checkpoint's tensors:
  dense weight [in, out] (x @ W + b), conv weight [out, in, k, k], transposed conv [in, out, k, k],
  pads in ONNX order (top, left, bottom, right), batch norm gamma/beta and the buffers
  runningMean/runningVar, group norm gamma/beta.
Batch norm and minibatch stddev see the whole batch across data-parallel ranks (distributed.py).
Batch norm computes in float32 even under autocast.
"""
import torch
import torch.nn.functional as F
from torch import nn

from . import distributed as D


def _pads_lr_tb(pads):
    top, left, bottom, right = pads
    return (left, right, top, bottom)


class Dense(nn.Module):
    def __init__(self, inputs, units, bias=True):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(inputs, units))
        self.bias = nn.Parameter(torch.zeros(units)) if bias else None

    def forward(self, x):
        y = x @ self.weight
        return y + self.bias if self.bias is not None else y


class Conv2d(nn.Module):
    def __init__(self, inputs, filters, kernel, stride, pads, bias=True):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(filters, inputs, kernel, kernel))
        self.bias = nn.Parameter(torch.zeros(filters)) if bias else None
        self.stride = stride
        self.pads = tuple(pads)

    def forward(self, x):
        top, left, bottom, right = self.pads
        if top == bottom and left == right:
            return F.conv2d(x, self.weight, self.bias, stride=self.stride, padding=(top, left))
        x = F.pad(x, _pads_lr_tb(self.pads))
        return F.conv2d(x, self.weight, self.bias, stride=self.stride)


class ConvTranspose2d(nn.Module):
    def __init__(self, inputs, filters, kernel, stride, pads, bias=True):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(inputs, filters, kernel, kernel))
        self.bias = nn.Parameter(torch.zeros(filters)) if bias else None
        self.stride = stride
        self.pads = tuple(pads)

    def forward(self, x):
        top, left, bottom, right = self.pads
        if top == bottom and left == right:
            return F.conv_transpose2d(x, self.weight, self.bias, stride=self.stride, padding=(top, left))
        # Asymmetric pads: the full transposed convolution, then crop (ONNX ConvTranspose semantics).
        y = F.conv_transpose2d(x, self.weight, self.bias, stride=self.stride)
        return y[:, :, top : y.shape[2] - bottom, left : y.shape[3] - right]


class BatchNorm(nn.Module):
    """Batch statistics in training (mean and biased variance over every axis but 1, over the whole
    batch of every rank), running statistics at inference. The running averages are NOT updated
    here: the step updates them from the recorded moments, where and when the app does."""

    def __init__(self, channels, eps, momentum):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(channels))
        self.beta = nn.Parameter(torch.zeros(channels))
        self.register_buffer("runningMean", torch.zeros(channels))
        self.register_buffer("runningVar", torch.ones(channels))
        self.eps = eps
        self.momentum = momentum

    def forward(self, x, mode="train", stats=None):
        with torch.autocast(device_type=x.device.type, enabled=False):
            x = x.float()
            shape = [1, -1] + [1] * (x.dim() - 2)
            if mode == "infer":
                mean, var = self.runningMean, self.runningVar
            else:
                axes = [0] + list(range(2, x.dim()))
                count = x.numel() // x.shape[1] * D.CTX.world
                mean = D.all_reduce_sum(x.sum(dim=axes)) / count
                centred = x - mean.reshape(shape)
                var = D.all_reduce_sum(centred.square().sum(dim=axes)) / count
                if stats is not None:
                    stats.append((self, mean.detach(), var.detach(), count))
            inv = 1 / torch.sqrt(var.reshape(shape) + self.eps)
            return (x - mean.reshape(shape)) * inv * self.gamma.reshape(shape) + self.beta.reshape(shape)


class GroupNorm(nn.Module):
    def __init__(self, channels, groups, eps):
        super().__init__()
        self.gamma = nn.Parameter(torch.ones(channels))
        self.beta = nn.Parameter(torch.zeros(channels))
        self.groups = groups
        self.eps = eps

    def forward(self, x):
        return F.group_norm(x.float(), self.groups, self.gamma, self.beta, self.eps)


def unflatten(x, channels, height, width, order="chw"):
    n = x.shape[0]
    if order == "hwc":
        return x.reshape(n, height, width, channels).permute(0, 3, 1, 2)
    return x.reshape(n, channels, height, width)


def flatten(x, order="chw"):
    n = x.shape[0]
    if order == "hwc":
        x = x.permute(0, 2, 3, 1)
    return x.reshape(n, -1)


def depth_to_space(x, block):
    """DCR order (ONNX DepthToSpace default, TensorFlow's depth_to_space); not pixel_shuffle (CRD)."""
    n, c, h, w = x.shape
    out = c // (block * block)
    y = x.reshape(n, block, block, out, h, w).permute(0, 3, 4, 1, 5, 2)
    return y.reshape(n, out, h * block, w * block)


def std_group(batch, wanted):
    for g in range(min(wanted, batch), 1, -1):
        if batch % g == 0:
            return g
    return 1


def minibatch_std(x, wanted):
    """One channel of the features' standard deviation across groups of the WHOLE batch (sample k
    in group k mod M, as StyleGAN's reshape [G, M, C, H, W]); each rank keeps its slice."""
    local_n = x.shape[0]
    full = D.all_gather_batch(x)
    n, c, h, w = full.shape
    g = std_group(n, wanted)
    m = n // g
    grouped = full.reshape(g, m, c, h, w)
    centred = grouped - grouped.mean(dim=0, keepdim=True)
    std = torch.sqrt(centred.square().mean(dim=0) + 1e-8)
    per_group = std.mean(dim=(1, 2, 3)).reshape(1, m, 1, 1, 1)
    tiled = per_group.expand(g, m, 1, h, w).reshape(n, 1, h, w)
    if D.CTX.active:
        tiled = tiled[D.CTX.rank * local_n : (D.CTX.rank + 1) * local_n]
    return torch.cat([x, tiled.to(x.dtype)], dim=1)


def silu(x):
    return x * torch.sigmoid(x)


def need(slots, name, index, kind):
    if name not in slots:
        raise KeyError(f'Layer {index} ({kind}): no value named "{name}" (save it first).')
    return slots[name]
