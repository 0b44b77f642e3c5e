"""The app's training steps (main/engine/training/families/gan-step.ts, vae-step.ts) in PyTorch.

GAN (the DCGAN loop): the generator makes one batch from z (training-mode batch norm, its moments
recorded); the critic is updated on augmented real and augmented DETACHED fakes; then the generator
is updated through the UPDATED critic on the same z (a second generator pass), with its own
augmentation draw; then the generator's running statistics follow the first pass's moments; then
the EMA copy follows: ema <- ema + (g - ema) * (1 - decay), decay = min(0.999, 0.5 ** (1 / (r * (t + 1))))
(half-life r of the steps so far, job.json "emaRamp"), or min(0.999, (1 + t) / (10 + t)) for runs
started before the ramp ("emaRamp": null).
Losses: non-saturating (softplus) or hinge. Adam per network (b1 0.5 for GANs).

VAE: encode to (mean, log-variance clipped to [-10, 10]), z = mean + exp(logvar / 2) * eps,
decode, loss = reconstruction (BCE or MSE per image summed, batch mean, against x mapped to
[0, 1]) + beta * KL; one Adam over both networks; the decoder's running statistics follow.

All randomness comes from step_rng(seed, step, stream) for the WHOLE batch; each rank keeps its slice.
"""
import contextlib
import gc

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from . import distributed as D
from .adam import AppAdam
from .augment import apply_augment, augment_arrays, draw_augment
from .prng import Rng, hash_seed, normals, step_rng

AUG_SETS = (("real", "augment-real"), ("fake", "augment-fake"), ("g", "augment-g"))
STANDING_BATCHES = 4
STANDING_BATCH = 64


def ema_decay(step, ramp=None):
    if ramp:
        return min(0.999, 0.5 ** (1 / (ramp * (step + 1))))
    return min(0.999, (1 + step) / (10 + step))


def trainable(module):
    """(name, parameter) in state-dict order: what Adam updates (buffers are the frozen ones)."""
    return list(module.named_parameters())


def update_running(stats, batch_count_check=None):
    """PyTorch-style running statistics from recorded batch moments (first use of each layer):
    running <- running + (fresh - running) * momentum, with the unbiased variance."""
    seen = set()
    with torch.no_grad():
        for bn, mean, var, count in stats:
            if id(bn) in seen:
                continue
            seen.add(id(bn))
            m = torch.tensor(bn.momentum, dtype=torch.float32, device=mean.device)
            unbiased = var * torch.tensor(count / (count - 1), dtype=torch.float32) if count > 1 else var
            bn.runningMean.copy_(bn.runningMean + (mean - bn.runningMean) * m)
            bn.runningVar.copy_(bn.runningVar + (unbiased - bn.runningVar) * m)


def load_module(module, prefix, state):
    """Loads state["<prefix>.<name>"] into the module (names map 1:1; missing ones fail in words)."""
    own = module.state_dict()
    values = {}
    for name, t in own.items():
        key = f"{prefix}.{name}"
        if key not in state:
            raise KeyError(f"The checkpoint has no {key} (network {prefix!r} does not match networks.py).")
        values[name] = torch.as_tensor(state[key]).reshape(t.shape)
    module.load_state_dict(values, strict=True)


def module_tensors(module, prefix):
    return {f"{prefix}.{k}": v.detach().float().cpu().numpy() for k, v in module.state_dict().items()}


def set_standing_statistics(sampler, job, device):
    """Each batch-norm layer's running statistics become its moments under the current weights,
    averaged over 4 x 64 fixed latents of the run seed: the app's TrainingSampler's standing
    statistics (main/engine/training/sampling.ts), for a GAN's EMA generator and a VAE's decoder."""
    bns = [m for m in sampler.modules() if hasattr(m, "runningMean")]
    if not bns:
        return
    sums = {id(bn): [torch.zeros_like(bn.runningMean), torch.zeros_like(bn.runningVar)] for bn in bns}
    d = job["latentDim"]
    with torch.no_grad(), D.single_process():
        for b in range(STANDING_BATCHES):
            z = normals(Rng(hash_seed(job["seed"], 0x57A4D, b)), STANDING_BATCH * d)
            stats = []
            sampler(torch.from_numpy(z.reshape(STANDING_BATCH, d)).to(device), mode="train", stats=stats)
            for bn, mean, var, _count in stats:
                s = sums[id(bn)]
                s[0] += mean / STANDING_BATCHES
                s[1] += var / STANDING_BATCHES
        for bn in bns:
            bn.runningMean.copy_(sums[id(bn)][0])
            bn.runningVar.copy_(sums[id(bn)][1])


class _Amp:
    """Autocast (bf16 where supported, else fp16 with a GradScaler) or nothing."""

    def __init__(self, device, enabled):
        self.device = device
        self.enabled = enabled
        self.dtype = None
        self.scaler = None
        if enabled:
            if device.type == "cuda" and not torch.cuda.is_bf16_supported():
                self.dtype = torch.float16
                self.scaler = torch.cuda.amp.GradScaler()
            else:
                self.dtype = torch.bfloat16

    def autocast(self):
        if not self.enabled:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=self.dtype)

    def backward(self, loss):
        (self.scaler.scale(loss) if self.scaler else loss).backward()

    def step(self, opt):
        if self.scaler:
            self.scaler.step(opt)
        else:
            opt.step()

    def update(self):
        if self.scaler:
            self.scaler.update()

    @property
    def label(self):
        return "off" if not self.enabled else str(self.dtype).replace("torch.", "")


def _wrap(module, ddp):
    if not ddp:
        return module
    return nn.parallel.DistributedDataParallel(module, broadcast_buffers=False)


def unwrap_ddp(family):
    """Drops the family's DistributedDataParallel wrappers (their Reducers) while the process groups
    are still alive, before distributed.shutdown(). Torch 1.13 releases the GIL when Python drops
    the last reference to a process group, but not when a Reducer does: a Reducer that outlives the
    groups destroys the gloo group with the GIL held, joining a worker thread that may need the GIL
    to free a tensor, and the process never exits (seen once in a few dozen 2-process runs)."""
    wrapped = [n for n, v in vars(family).items() if isinstance(v, nn.parallel.DistributedDataParallel)]
    for name in wrapped:
        setattr(family, name, getattr(family, name).module)
    gc.collect()


def _grads(named, prefix):
    return {f"{prefix}.{n}": p.grad.detach().float().cpu().numpy().copy() for n, p in named}


class CriticLoss(nn.Module):
    """The critic's loss on augmented real and fake images: one DDP forward for both passes."""

    def __init__(self, critic, kind):
        super().__init__()
        self.critic = critic
        self.kind = kind

    def forward(self, real, fake):
        r = self.critic(real).float()
        f = self.critic(fake).float()
        if self.kind == "hinge":
            loss = F.relu(1 - r).mean() + F.relu(1 + f).mean()
        else:
            loss = F.softplus(-r).mean() + F.softplus(f).mean()
        return loss, r.mean(), f.mean()


class GeneratorLoss(nn.Module):
    """The generator's loss through a critic function set before each call (not a submodule)."""

    def __init__(self, generator, kind):
        super().__init__()
        self.generator = generator
        self.kind = kind
        self.critic_fn = None

    def forward(self, z):
        logits = self.critic_fn(self.generator(z, mode="train")).float()
        return -logits.mean() if self.kind == "hinge" else F.softplus(-logits).mean()


class GanFamily:
    roles = ("g", "d")

    def __init__(self, job, nets, state, optimizer_steps, device, amp, ddp):
        self.job = job
        self.device = device
        self.amp = _Amp(device, amp)
        self.G = nets["g"].to(device)
        self.D = nets["d"].to(device)
        load_module(self.G, "g", state)
        load_module(self.D, "d", state)
        self.ema = {}
        for name, p in trainable(self.G):
            key = f"ema.{name}"
            if key not in state:
                raise KeyError(f"The checkpoint has no {key}.")
            self.ema[name] = torch.as_tensor(state[key]).reshape(p.shape).to(device).clone()
        adam = job["optimizers"]
        self.opt_g = AppAdam("g", [(f"g.{n}", p) for n, p in trainable(self.G)], adam["g"], optimizer_steps.get("g", 0))
        self.opt_d = AppAdam("d", [(f"d.{n}", p) for n, p in trainable(self.D)], adam["d"], optimizer_steps.get("d", 0))
        self.opt_g.load_moments(state)
        self.opt_d.load_moments(state)
        self.d_loss = _wrap(CriticLoss(self.D, job["loss"]), ddp)
        self.g_loss = GeneratorLoss(self.G, job["loss"])
        self.g_loss_ddp = _wrap(self.g_loss, ddp)

    def inputs(self, step, n):
        cfg = self.job
        seed, d, size = cfg["seed"], cfg["latentDim"], cfg["size"]
        out = {"z": normals(step_rng(seed, step, "z-d"), n * d).reshape(n, d)}
        if cfg["diffAugment"]:
            for name, stream in AUG_SETS:
                a = augment_arrays(draw_augment(step_rng(seed, step, stream), n, size), size)
                for k, v in a.items():
                    out[f"aug.{name}.{k}"] = v
        return out

    def _aug(self, inputs, name, x):
        if not self.job["diffAugment"]:
            return x
        a = {k: inputs[f"aug.{name}.{k}"] for k in ("brightness", "saturation", "contrast", "index")}
        return apply_augment(x.float(), a)

    def optimizer_steps(self):
        return {"g": self.opt_g.t, "d": self.opt_d.t}

    def step(self, real, inputs, step, want_grads=False):
        self.opt_g.t += 1
        self.opt_d.t += 1
        z = inputs["z"]
        grads = {}
        stats = []
        with torch.no_grad(), self.amp.autocast():
            fake = self.G(z, mode="train", stats=stats).float()

        self.opt_d.zero_grad(set_to_none=True)
        with self.amp.autocast():
            loss_d, _d_real, _d_fake = self.d_loss(self._aug(inputs, "real", real), self._aug(inputs, "fake", fake))
        self.amp.backward(loss_d)
        if want_grads:
            grads.update(_grads(trainable(self.D), "d"))
        self.amp.step(self.opt_d)

        self.D.requires_grad_(False)
        try:
            self.opt_g.zero_grad(set_to_none=True)
            self.g_loss.critic_fn = lambda images: self.D(self._aug(inputs, "g", images))
            with self.amp.autocast():
                loss_g = self.g_loss_ddp(z)
            self.amp.backward(loss_g)
            if want_grads:
                grads.update(_grads(trainable(self.G), "g"))
            self.amp.step(self.opt_g)
        finally:
            self.g_loss.critic_fn = None
            self.D.requires_grad_(True)
        self.amp.update()

        update_running(stats)
        decay = torch.tensor(ema_decay(step, self.job.get("emaRamp")), dtype=torch.float32)
        one_minus = (1 - decay).item()
        with torch.no_grad():
            for name, p in trainable(self.G):
                e = self.ema[name]
                self.ema[name] = e + (p.detach().float() - e) * one_minus
        # The app reports the critic and generator losses only (d, g); its parts stay internal.
        losses = {"d": loss_d, "g": loss_g}
        return {k: D.mean_over_ranks(v.item()) for k, v in losses.items()}, grads

    def state_tensors(self):
        out = {}
        out.update(module_tensors(self.G, "g"))
        out.update(module_tensors(self.D, "d"))
        for name, t in self.ema.items():
            out[f"ema.{name}"] = t.detach().float().cpu().numpy()
        for opt in (self.opt_g, self.opt_d):
            out.update({k: v.detach().float().cpu().numpy() for k, v in opt.moments().items()})
        return out

    def model_tensors(self, nets_cls):
        """The model folder's "g": the EMA generator with standing batch-norm statistics (the
        moments of 4 x 64 fixed latents of the run seed under the EMA weights, averaged), as the
        app's TrainingSampler makes them."""
        sampler = nets_cls["g"]().to(self.device)
        sampler.load_state_dict(self.G.state_dict())
        with torch.no_grad():
            for name, p in sampler.named_parameters():
                p.copy_(self.ema[name])
        set_standing_statistics(sampler, self.job, self.device)
        return {"g": self.job["nets"]["g"]}, module_tensors(sampler, "g")


class VaeLoss(nn.Module):
    def __init__(self, encoder, decoder, job):
        super().__init__()
        self.encoder = encoder
        self.decoder = decoder
        self.latent = job["latentDim"]
        self.beta = job["vaeBeta"]
        self.reconstruction = job["reconstruction"]
        self.stats = None

    def forward(self, x, eps):
        d = self.latent
        h = self.encoder(x, mode="train").float()
        mean = h[:, :d]
        logvar = torch.clamp(h[:, d : 2 * d], -10, 10)
        z = mean + torch.exp(logvar * 0.5) * eps
        recon = self.decoder(z, mode="train", stats=self.stats).float()
        target = (x + 1) * 0.5
        if self.reconstruction == "mse":
            per_pixel = (recon - target).square()
        else:
            p = torch.clamp(recon, 1e-6, 1 - 1e-6)
            per_pixel = -(target * torch.log(p) + (1 - target) * torch.log(1 - p))
        rec = per_pixel.sum(dim=(1, 2, 3)).mean()
        inner = 1 + logvar - mean.square() - torch.exp(logvar)
        kl = (-0.5 * inner.sum(dim=1)).mean()
        return rec + kl * self.beta, rec, kl


class VaeFamily:
    roles = ("vae",)

    def __init__(self, job, nets, state, optimizer_steps, device, amp, ddp):
        self.job = job
        self.device = device
        self.amp = _Amp(device, amp)
        self.G = nets["g"].to(device)
        self.E = nets["e"].to(device)
        load_module(self.G, "g", state)
        load_module(self.E, "e", state)
        named = [(f"g.{n}", p) for n, p in trainable(self.G)] + [(f"e.{n}", p) for n, p in trainable(self.E)]
        self.opt = AppAdam("vae", named, job["optimizers"]["vae"], optimizer_steps.get("vae", 0))
        self.opt.load_moments(state)
        self.loss = VaeLoss(self.E, self.G, job)
        self.loss_ddp = _wrap(self.loss, ddp)

    def inputs(self, step, n):
        d = self.job["latentDim"]
        return {"eps": normals(step_rng(self.job["seed"], step, "vae-eps"), n * d).reshape(n, d)}

    def optimizer_steps(self):
        return {"vae": self.opt.t}

    def step(self, real, inputs, step, want_grads=False):
        self.opt.t += 1
        self.opt.zero_grad(set_to_none=True)
        stats = []
        self.loss.stats = stats
        try:
            with self.amp.autocast():
                loss, rec, kl = self.loss_ddp(real, inputs["eps"])
        finally:
            self.loss.stats = None
        self.amp.backward(loss)
        grads = {}
        if want_grads:
            grads.update(_grads(trainable(self.G), "g"))
            grads.update(_grads(trainable(self.E), "e"))
        self.amp.step(self.opt)
        self.amp.update()
        update_running(stats)
        losses = {"loss": loss, "recon": rec, "kl": kl}
        return {k: D.mean_over_ranks(v.item()) for k, v in losses.items()}, grads

    def state_tensors(self):
        out = {}
        out.update(module_tensors(self.G, "g"))
        out.update(module_tensors(self.E, "e"))
        out.update({k: v.detach().float().cpu().numpy() for k, v in self.opt.moments().items()})
        return out

    def model_tensors(self, nets_cls):
        """The model folder: the decoder as "g" (with standing statistics, as the app samples it)
        and the encoder as "e"."""
        decoder = nets_cls["g"]().to(self.device)
        decoder.load_state_dict(self.G.state_dict())
        set_standing_statistics(decoder, self.job, self.device)
        tensors = module_tensors(decoder, "g")
        tensors.update(module_tensors(self.E, "e"))
        return {"g": self.job["nets"]["g"], "e": self.job["nets"]["e"]}, tensors


FAMILIES = {"gan": GanFamily, "vae": VaeFamily}
