"""A plain PyTorch DCGAN: the reference the app's GAN is measured against (issue 9).

    /usr/bin/python3 scripts/gan-reference/dcgan_reference.py --folder DIR --size 32 --steps 3000 \
        --batch 64 --seed 1 --out OUT --samples 1000 --save-at 600,3000

Runs on Debian's python3-torch (1.13, CPU). The textbook loop of the PyTorch DCGAN example
(github.com/pytorch/examples, dcgan/main.py): Adam lr 2e-4, betas (0.5, 0.999), the non-saturating
BCE loss (BCEWithLogits on the critic's logit), batch norm in both networks, conv weights N(0, 0.02),
batch-norm gamma N(1, 0.02) and beta 0, ReLU in G, LeakyReLU 0.2 in D, transposed convolutions in G.
One fake batch per step serves both updates: D on real (its own BN batch) and on fake.detach()
(another BN batch), then G through the just-updated D on the same fakes.

Architecture (what the app's new GAN uses too, so keep it exactly), latent 128, ngf = ndf = 64:
  G: ConvT(128 -> m·ngf, 4, s1, p0) -> BN -> ReLU -> [ConvT(4, s2, p1), channels halved -> BN -> ReLU]...
     -> ConvT(-> C, 4, s2, p1) -> tanh, m = size/8 (32 px: 4·ngf@4, 2·ngf@8, ngf@16, C@32;
     64 px: 8·ngf@4, 4·ngf@8, 2·ngf@16, ngf@32, C@64).
  D: Conv(C -> ndf, 4, s2, p1) -> LReLU 0.2 -> [Conv(4, s2, p1), channels doubled -> BN -> LReLU]...
     down to 4x4 -> Conv(-> 1, 4, s1, p0) -> logit.
  Convs that feed a batch norm have no bias (as the example); the three that do not (G's last, D's
  first and last) have one, initialised to 0. (The example drops those three too; 1 + ndf + 1 numbers.)

Data: every PNG/JPEG in --folder (sorted by name), as greyscale (C = 1) or RGB (C = 3, --channels, by
default 1 when every image is greyscale), in [-1, 1], resized to --size by F.interpolate bilinear
(align_corners=False, no antialias: the app's resize convention). Shuffled each epoch by
torch.randperm with a torch.Generator seeded (seed, epoch); the last incomplete batch is dropped.

Determinism: torch.manual_seed(seed) before building the networks and drawing latents, the data order
from its own generator, and torch.set_num_threads(--threads, default 1): on one thread the CPU
kernels are deterministic, so a seed gives the same weights and samples run after run. With more
threads reductions may reorder (tiny float differences).

Samples (--samples N, at --save-at steps and at the end): G in eval mode (running BN statistics, as
an exported model samples); sample i has latent torch.randn(128) from torch.Generator().manual_seed(i),
so sample i is comparable across steps. Written as OUT/step-NNNNNN/sample-IIIII.png plus
OUT/grid-NNNNNN.png (the first 64, 8x8) and OUT/log.jsonl (losses every 50 steps, wall time).
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

LATENT = 128
IMAGE_EXTENSIONS = ('.png', '.jpg', '.jpeg')


def levels(size):
    """Number of stride-2 stages between 4x4 and size (3 at 32 px, 4 at 64 px)."""
    n = int(round(math.log2(size // 4)))
    if 4 * 2 ** n != size or n < 1:
        raise ValueError('size must be 4·2^k (32 or 64), not %d' % size)
    return n


class Generator(nn.Module):
    def __init__(self, size, channels, ngf=64, latent=LATENT):
        super().__init__()
        n = levels(size)
        width = ngf * 2 ** (n - 1)
        layers = [nn.ConvTranspose2d(latent, width, 4, 1, 0, bias=False), nn.BatchNorm2d(width), nn.ReLU(True)]
        for _ in range(n - 1):
            layers += [nn.ConvTranspose2d(width, width // 2, 4, 2, 1, bias=False), nn.BatchNorm2d(width // 2), nn.ReLU(True)]
            width //= 2
        layers += [nn.ConvTranspose2d(width, channels, 4, 2, 1, bias=True), nn.Tanh()]
        self.main = nn.Sequential(*layers)

    def forward(self, z):
        return self.main(z.view(z.shape[0], -1, 1, 1))


class Discriminator(nn.Module):
    def __init__(self, size, channels, ndf=64):
        super().__init__()
        n = levels(size)
        width = ndf
        layers = [nn.Conv2d(channels, width, 4, 2, 1, bias=True), nn.LeakyReLU(0.2, True)]
        for _ in range(n - 1):
            layers += [nn.Conv2d(width, width * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(width * 2), nn.LeakyReLU(0.2, True)]
            width *= 2
        layers += [nn.Conv2d(width, 1, 4, 1, 0, bias=True)]
        self.main = nn.Sequential(*layers)

    def forward(self, x):
        return self.main(x).view(-1)


def weights_init(m):
    """N(0, 0.02) conv weights, BN gamma N(1, 0.02) and beta 0 (the DCGAN paper); conv biases 0."""
    if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.normal_(m.weight, 0.0, 0.02)
        if m.bias is not None:
            nn.init.zeros_(m.bias)
    elif isinstance(m, nn.BatchNorm2d):
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def build(size, channels, ngf=64, ndf=64, seed=1):
    """G, D, their Adam optimisers and the loss, initialised from `seed`."""
    torch.manual_seed(seed)
    g, d = Generator(size, channels, ngf), Discriminator(size, channels, ndf)
    g.apply(weights_init)
    d.apply(weights_init)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.5, 0.999))
    return g, d, opt_g, opt_d, nn.BCEWithLogitsLoss()


def train_step(g, d, opt_g, opt_d, loss, real):
    """One DCGAN step (PyTorch example order): D on real and on one fake batch, then G on the same fakes."""
    b = real.shape[0]
    ones, zeros = torch.ones(b), torch.zeros(b)
    d.zero_grad(set_to_none=True)
    loss_real = loss(d(real), ones)
    loss_real.backward()
    fake = g(torch.randn(b, LATENT))
    loss_fake = loss(d(fake.detach()), zeros)
    loss_fake.backward()
    opt_d.step()
    g.zero_grad(set_to_none=True)
    loss_g = loss(d(fake), ones)
    loss_g.backward()
    opt_g.step()
    return (loss_real + loss_fake).item(), loss_g.item()


def param_count(module):
    return sum(p.numel() for p in module.parameters())


def load_folder(folder, size, channels):
    names = sorted(n for n in os.listdir(folder) if n.lower().endswith(IMAGE_EXTENSIONS))
    if not names:
        raise SystemExit('%s: no PNG or JPEG images' % folder)
    images = [Image.open(os.path.join(folder, n)) for n in names]
    if channels is None:
        channels = 1 if all(im.mode in ('L', 'LA', 'I', 'I;16') or is_grey(im) for im in images) else 3
    arrays = []
    for name, im in zip(names, images):
        im = composite(im).convert('L' if channels == 1 else 'RGB')
        a = np.asarray(im, dtype=np.float32) / 127.5 - 1.0
        t = torch.from_numpy(a.reshape(a.shape[0], a.shape[1], channels)).permute(2, 0, 1)
        if t.shape[1:] != (size, size):
            t = F.interpolate(t[None], size=(size, size), mode='bilinear', align_corners=False)[0]
        arrays.append(t)
    return torch.stack(arrays), channels, names


def composite(im):
    """Transparent images onto white (what the app's training does), everything else as is."""
    if im.mode in ('RGBA', 'LA', 'P'):
        rgba = im.convert('RGBA')
        bg = Image.new('RGBA', rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(bg, rgba).convert('RGB')
    return im


def is_grey(im):
    if im.mode not in ('RGB', 'RGBA'):
        return False
    a = np.asarray(im.convert('RGB'), dtype=np.int16)
    return bool((a[..., 0] == a[..., 1]).all() and (a[..., 1] == a[..., 2]).all())


def sample_latents(count):
    return torch.stack([torch.randn(LATENT, generator=torch.Generator().manual_seed(i)) for i in range(count)])


def to_uint8(x):
    """[-1, 1] NCHW -> uint8 NHWC (round half up after scaling, as the app writes pixels)."""
    return ((x.clamp(-1, 1) + 1) * 127.5 + 0.5).floor().clamp(0, 255).to(torch.uint8).permute(0, 2, 3, 1).numpy()


def pil(a):
    return Image.fromarray(a[..., 0], 'L') if a.shape[2] == 1 else Image.fromarray(a, 'RGB')


def write_samples(g, count, out, step):
    folder = os.path.join(out, 'step-%06d' % step)
    os.makedirs(folder, exist_ok=True)
    z = sample_latents(count)
    was_training = g.training
    g.eval()
    with torch.no_grad():
        images = np.concatenate([to_uint8(g(z[i:i + 250])) for i in range(0, count, 250)])
    g.train(was_training)
    for i, a in enumerate(images):
        pil(a).save(os.path.join(folder, 'sample-%05d.png' % i))
    write_grid(images[:64], os.path.join(out, 'grid-%06d.png' % step))
    return folder


def write_grid(images, path, cols=8, pad=2):
    n, h, w, c = images.shape
    rows = math.ceil(n / cols)
    sheet = np.full((rows * (h + pad) + pad, cols * (w + pad) + pad, c), 255, np.uint8)
    for i, a in enumerate(images):
        y, x = pad + (i // cols) * (h + pad), pad + (i % cols) * (w + pad)
        sheet[y:y + h, x:x + w] = a
    pil(sheet).save(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--folder', required=True)
    ap.add_argument('--size', type=int, default=32)
    ap.add_argument('--channels', type=int, choices=(1, 3), default=None)
    ap.add_argument('--steps', type=int, default=3000)
    ap.add_argument('--batch', type=int, default=64)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--ngf', type=int, default=64)
    ap.add_argument('--ndf', type=int, default=64)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--out', required=True)
    ap.add_argument('--samples', type=int, default=0)
    ap.add_argument('--save-at', default='')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    save_at = sorted({int(s) for s in args.save_at.split(',') if s.strip()})
    os.makedirs(args.out, exist_ok=True)

    t0 = time.time()
    data, channels, names = load_folder(args.folder, args.size, args.channels)
    n = data.shape[0]
    if n < args.batch:
        raise SystemExit('%s holds %d images, fewer than one batch of %d' % (args.folder, n, args.batch))
    g, d, opt_g, opt_d, loss = build(args.size, channels, args.ngf, args.ndf, args.seed)
    info = {'folder': os.path.abspath(args.folder), 'images': n, 'size': args.size, 'channels': channels,
            'steps': args.steps, 'batch': args.batch, 'seed': args.seed, 'ngf': args.ngf, 'ndf': args.ndf,
            'threads': args.threads, 'paramsG': param_count(g), 'paramsD': param_count(d),
            'torch': torch.__version__, 'loadSeconds': round(time.time() - t0, 1)}
    print(json.dumps(info), flush=True)
    log = open(os.path.join(args.out, 'log.jsonl'), 'w')
    log.write(json.dumps(info) + '\n')

    per_epoch = n // args.batch
    order, start = None, time.time()
    for step in range(1, args.steps + 1):
        epoch, k = divmod(step - 1, per_epoch)
        if k == 0:
            order = torch.randperm(n, generator=torch.Generator().manual_seed(args.seed * 1000003 + epoch))
        real = data[order[k * args.batch:(k + 1) * args.batch]]
        loss_d, loss_g = train_step(g, d, opt_g, opt_d, loss, real)
        if step % 50 == 0 or step == 1:
            entry = {'step': step, 'd': round(loss_d, 5), 'g': round(loss_g, 5), 'seconds': round(time.time() - start, 1)}
            log.write(json.dumps(entry) + '\n')
            log.flush()
        if args.samples and (step in save_at or step == args.steps):
            folder = write_samples(g, args.samples, args.out, step)
            entry = {'step': step, 'samples': folder, 'seconds': round(time.time() - start, 1)}
            print(json.dumps(entry), flush=True)
            log.write(json.dumps(entry) + '\n')
    done = {'done': args.steps, 'trainSeconds': round(time.time() - start, 1),
            'stepsPerSec': round(args.steps / (time.time() - start), 3)}
    log.write(json.dumps(done) + '\n')
    log.close()
    print(json.dumps(done), flush=True)


if __name__ == '__main__':
    main()
