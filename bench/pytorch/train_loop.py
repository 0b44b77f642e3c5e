"""PyTorch CPU training loops the bench compares the app's training against (issue 8).

    /usr/bin/python3 bench/pytorch/train_loop.py [--threads 1,2] [--models dcgan32,dcgan64,vae]
        [--warmup 3] [--seconds 20] [--min-steps 5]

Prints one JSON object on stdout: for each model and thread count (torch.set_num_threads), steps/s
after a warm-up, measured over at least --seconds of wall time and --min-steps steps, with CPU time
per step (process CPU, all threads) and the 1-minute load average before and after, since the
machine may be shared. Debian's python3-torch (1.13, CPU).

Models, the same architectures the app trains (read scripts/gan-reference/dcgan_reference.py and
main/engine/training/{vae,dcgan-spec,conv-stack}.ts):
  dcgan32  the reference DCGAN (scripts/gan-reference/dcgan_reference.py, imported, not copied):
           32 px, 1 channel, ngf = ndf = 64, latent 128, batch 64; a step is its train_step, one D
           update (real batch + one fake batch) and one G update on the same fakes, Adam 2e-4.
  dcgan64  the same at 64 px, 3 channels.
  vae      the app's default VAE (scripts/default-model/train-default-model.sh: 32 px, 1 channel,
           width 48, latent 64, batch 32, BCE reconstruction, beta 1, Adam 1e-3 (0.9, 0.999)):
           encoder = conv-stack.ts (4x4 stride-2 'same' convs 48, 96, 192 with bias, LeakyReLU 0.2,
           flatten 4x4x192) -> dense heads mean and log-variance (clipped to [-10, 10]);
           z = mean + exp(logvar / 2)·eps; decoder = dcgan-spec.ts with width 48: dense 64 -> 4x4x96
           -> BN -> ReLU -> [conv3x3 -> 4c, depth-to-space 2, conv3x3 -> c, BN, ReLU] for c = 96, 48, 24
           -> conv3x3 -> 1 -> sigmoid; BN epsilon 1e-3 and running-average momentum 0.01 (Keras 0.99).
           Loss: per-image sums of BCE (prediction clipped to [1e-6, 1 - 1e-6]) + KL, mean over the batch.
           PyTorch is NCHW and its pixel shuffle orders channels CRD where the app's depth-to-space is
           DCR: a fixed permutation of the same weights, the same arithmetic.
Batches are fixed random tensors (data loading is not part of a training step's cost here).
"""
import argparse
import importlib.util
import json
import os
import time

import torch
import torch.nn as nn

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')


def load_reference():
    path = os.path.join(ROOT, 'scripts', 'gan-reference', 'dcgan_reference.py')
    spec = importlib.util.spec_from_file_location('dcgan_reference', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- the app's default VAE ------------------------------------------------------------------
def vae_widths(size, width):
    """conv-stack.ts stackWidths: width doubled per halving (capped at 8x) down to 4x4."""
    widths, res, w = [], size // 2, width
    while res >= 4:
        widths.append(w)
        res, w = res // 2, min(w * 2, width * 8)
    return widths


def width_at(res, base):
    """dcgan-spec.ts widthAt."""
    return base * 2 if res <= 8 else base if res <= 16 else max(8, base // 2)


class VaeEncoder(nn.Module):
    def __init__(self, size, channels, width, latent):
        super().__init__()
        layers, c = [], channels
        for w in vae_widths(size, width):
            layers += [nn.Conv2d(c, w, 4, 2, 1), nn.LeakyReLU(0.2)]
            c = w
        self.trunk = nn.Sequential(*layers, nn.Flatten())
        self.mean = nn.Linear(16 * c, latent)
        self.logvar = nn.Linear(16 * c, latent)

    def forward(self, x):
        h = self.trunk(x)
        return self.mean(h), self.logvar(h).clamp(-10, 10)


class VaeDecoder(nn.Module):
    def __init__(self, size, channels, width, latent):
        super().__init__()
        start = width_at(4, width)
        self.dense = nn.Linear(latent, 16 * start)
        self.start = start
        layers = [nn.BatchNorm2d(start, eps=1e-3, momentum=0.01), nn.ReLU()]
        c_prev, res = start, 8
        while res <= size:
            c = width_at(res, width)
            layers += [nn.Conv2d(c_prev, 4 * c, 3, 1, 1), nn.PixelShuffle(2), nn.Conv2d(c, c, 3, 1, 1),
                       nn.BatchNorm2d(c, eps=1e-3, momentum=0.01), nn.ReLU()]
            c_prev, res = c, res * 2
        layers += [nn.Conv2d(c_prev, channels, 3, 1, 1), nn.Sigmoid()]
        self.body = nn.Sequential(*layers)

    def forward(self, z):
        return self.body(self.dense(z).view(z.shape[0], self.start, 4, 4))


def vae_setup(size=32, channels=1, width=48, latent=64, batch=32):
    torch.manual_seed(1)
    enc, dec = VaeEncoder(size, channels, width, latent), VaeDecoder(size, channels, width, latent)
    params = list(enc.parameters()) + list(dec.parameters())
    opt = torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    x = torch.rand(batch, channels, size, size) * 2 - 1

    def step():
        opt.zero_grad(set_to_none=True)
        mean, logvar = enc(x)
        z = mean + torch.exp(0.5 * logvar) * torch.randn_like(mean)
        p = dec(z).clamp(1e-6, 1 - 1e-6)
        target = (x + 1) / 2
        recon = -(target * torch.log(p) + (1 - target) * torch.log(1 - p)).sum((1, 2, 3)).mean()
        kl = (-0.5 * (1 + logvar - mean.square() - logvar.exp()).sum(1)).mean()
        (recon + kl).backward()
        opt.step()

    info = {'size': size, 'channels': channels, 'width': width, 'latent': latent, 'batch': batch,
            'paramsEncoder': sum(p.numel() for p in enc.parameters()),
            'paramsDecoder': sum(p.numel() for p in dec.parameters())}
    return step, info


def dcgan_setup(ref, size, channels, batch=64):
    g, d, opt_g, opt_d, loss = ref.build(size, channels, 64, 64, seed=1)
    real = torch.rand(batch, channels, size, size) * 2 - 1

    def step():
        ref.train_step(g, d, opt_g, opt_d, loss, real)

    info = {'size': size, 'channels': channels, 'ngf': 64, 'ndf': 64, 'latent': ref.LATENT, 'batch': batch,
            'paramsG': ref.param_count(g), 'paramsD': ref.param_count(d)}
    return step, info


def time_steps(step, warmup, seconds, min_steps):
    for _ in range(warmup):
        step()
    wall0, cpu0, n = time.perf_counter(), time.process_time(), 0
    while n < min_steps or time.perf_counter() - wall0 < seconds:
        step()
        n += 1
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {'steps': n, 'seconds': round(wall, 3), 'stepsPerSec': round(n / wall, 4),
            'cpuMsPerStep': round(1000 * cpu / n, 2)}


def main():
    ap = argparse.ArgumentParser(description='PyTorch CPU training-step throughput')
    ap.add_argument('--threads', default='1,2')
    ap.add_argument('--models', default='dcgan32,dcgan64,vae')
    ap.add_argument('--warmup', type=int, default=3)
    ap.add_argument('--seconds', type=float, default=20)
    ap.add_argument('--min-steps', type=int, default=5)
    args = ap.parse_args()
    ref = load_reference()
    setups = {
        'dcgan32': lambda: dcgan_setup(ref, 32, 1),
        'dcgan64': lambda: dcgan_setup(ref, 64, 3),
        'vae': lambda: vae_setup(),
    }
    results = []
    load_before = os.getloadavg()[0]
    for name in args.models.split(','):
        if name not in setups:
            raise SystemExit('unknown model %s (choose from %s)' % (name, ', '.join(setups)))
        for threads in [int(t) for t in args.threads.split(',')]:
            torch.set_num_threads(threads)
            step, info = setups[name]()
            timing = time_steps(step, args.warmup, args.seconds, args.min_steps)
            results.append({'model': name, 'threads': threads, **info, **timing,
                            'imagesPerSec': round(timing['stepsPerSec'] * info['batch'], 2)})
    print(json.dumps({'torch': torch.__version__, 'cores': os.cpu_count(),
                      'loadAverage': [round(load_before, 2), round(os.getloadavg()[0], 2)],
                      'warmupSteps': args.warmup, 'results': results}))


if __name__ == '__main__':
    main()
