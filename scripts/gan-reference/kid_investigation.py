"""Why KID and FID disagreed in issue 9: experiments on the app's own Fashion-MNIST features.

    /usr/bin/python3 scripts/gan-reference/kid_investigation.py FEATURES_DIR [--out FILE.json]

FEATURES_DIR holds what scripts/gan-reference/export-features.ts writes (the app's extractor,
`fashion-mnist`, 128-d): real (the 10,000 training images the GAN saw), heldout (training images
10,000-19,999: a perfect generator's samples), dcgan600 and dcgan3000 (the PyTorch reference's
1,000 samples). Sets built here from heldout, 1,000 images each:
  heldout-K      10 disjoint sets: what a perfect 1,000-sample generator scores, and how much it varies
  four-classes   250 each of T-shirt, pullover, sneaker, bag: perfect images, six classes missing
  four-templates 16 images (4 of each of those classes), each repeated: a collapsed generator
  blurred-K      10 disjoint sets of the same held-out images Gaussian-blurred (radius 1): draws from
                 one imperfect "generator", to measure how much its KID varies from draw to draw
                 (make the folder with `kid_investigation.py blur SRC DST`, export it as `blurred`)
Spread: for heldout-K and blurred-K the real subsets are the same for every K (one seed), so the
spread of KID across K is the spread due to the 1,000 generated samples alone. equalSizeCheck pairs
10 disjoint sets of 1,000 real images with the 10 blurred sets: the case of equal, small sides.

For each set: FID against real; KID as the app computed it before this change (100 subsets of
min(1000, n) = 1000, so every subset holds all 1,000 fakes), KID with subsets of half the smaller
set (the new rule); for the named sets also the cubic kernel's three polynomial terms, KID on
features rescaled to E[x·x/d] = 1, KID on centred and rescaled features, and feature diagnostics.
Float64, numpy's own RNG (seeded): this is an investigation, not the app's exact subsets.
"""
import argparse
import json
import os

import numpy as np
import scipy.linalg

CLASSES = ['tshirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'boot']


def fid(a, b):
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    covmean, _ = scipy.linalg.sqrtm(s1 @ s2, disp=False)
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean.real))


def mmd2_terms(x, y):
    """Unbiased MMD² of k(x, y) = (x·y/d + 1)³ split into its terms 3a + 3a² + a³ (a = x·y/d)."""
    d, m, n = x.shape[1], x.shape[0], y.shape[0]
    a_xx, a_yy, a_xy = x @ x.T / d, y @ y.T / d, x @ y.T / d
    out = []
    for power, weight in ((1, 3), (2, 3), (3, 1)):
        kxx, kyy, kxy = a_xx ** power, a_yy ** power, a_xy ** power
        out.append(weight * ((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
                             - 2 * kxy.mean()))
    return out  # the constant 1 cancels


def kid(real, fake, size, subsets=100, seed=0, scale=1.0):
    rng = np.random.default_rng(seed)
    values, terms = [], []
    for _ in range(subsets):
        x = real[rng.choice(len(real), size, replace=False)] * scale
        y = fake[rng.choice(len(fake), size, replace=False)] * scale
        t = mmd2_terms(x, y)
        terms.append(t)
        values.append(sum(t))
    return float(np.mean(values)), float(np.std(values)), [float(v) for v in np.mean(terms, 0)]


def load(folder, name):
    features = np.load(os.path.join(folder, name + '.features.npy'))
    files_path = os.path.join(folder, name + '.files.json')
    files = json.load(open(files_path)) if os.path.exists(files_path) else None
    return features, files


def diagnostics(real, fake):
    """Where the set's features differ from real. Variance ratios are the fake covariance's variance
    along the real covariance's eigenvectors (top 3, next 17, the rest) over the real variance there;
    FID is split into its mean part ‖Δμ‖² and covariance part; frobCov is ‖Σf − Σr‖_F, the size of
    the covariance error as a polynomial kernel's quadratic term sees it (squared errors: the largest
    directions dominate); rank is the fake covariance's numerical rank."""
    cr, cf = np.cov(real, rowvar=False), np.cov(fake, rowvar=False)
    w, v = np.linalg.eigh(cr)
    w, v = w[::-1], v[:, ::-1]
    proj = np.diag(v.T @ cf @ v)
    covmean, _ = scipy.linalg.sqrtm(cr @ cf, disp=False)
    wf = np.linalg.eigvalsh(cf)
    return {'sqNormRatio': float((fake ** 2).sum(1).mean() / (real ** 2).sum(1).mean()),
            'varRatioTop3': float(proj[:3].sum() / w[:3].sum()),
            'varRatio4to20': float(proj[3:20].sum() / w[3:20].sum()),
            'varRatioRest': float(proj[20:].sum() / w[20:].sum()),
            'fidMeanPart': float(((fake.mean(0) - real.mean(0)) ** 2).sum()),
            'fidCovPart': float(np.trace(cr) + np.trace(cf) - 2 * np.trace(covmean.real)),
            'frobCov': float(np.linalg.norm(cf - cr)),
            'rank': int((wf > 1e-6 * wf.max()).sum())}


def blur_folder(src, dst, radius=1.0):
    """A degraded copy of a folder: each image Gaussian-blurred (PIL, radius 1). Its 10,000 images are
    draws from an imperfect "generator" whose distribution differs from the real one (MMD > 0)."""
    from PIL import Image, ImageFilter
    os.makedirs(dst, exist_ok=True)
    for name in sorted(os.listdir(src)):
        if name.endswith('.png'):
            Image.open(os.path.join(src, name)).convert('L').filter(ImageFilter.GaussianBlur(radius)).save(os.path.join(dst, name))


def main():
    if len(os.sys.argv) == 4 and os.sys.argv[1] == 'blur':
        return blur_folder(os.sys.argv[2], os.sys.argv[3])
    ap = argparse.ArgumentParser()
    ap.add_argument('features')
    ap.add_argument('--out')
    args = ap.parse_args()
    real, _ = load(args.features, 'real')
    held, held_files = load(args.features, 'heldout')
    label = np.array([CLASSES.index(os.path.basename(f).split('-')[0]) for f in held_files])
    rng = np.random.default_rng(1)
    order = rng.permutation(len(held))
    sets = {'heldout-%d' % k: held[order[k * 1000:(k + 1) * 1000]] for k in range(10)}
    four = [CLASSES.index(c) for c in ('tshirt', 'pullover', 'sneaker', 'bag')]
    sets['four-classes'] = np.concatenate([held[rng.permutation(np.flatnonzero(label == c))[:250]] for c in four])
    templates = np.concatenate([held[rng.permutation(np.flatnonzero(label == c))[:4]] for c in four])
    sets['four-templates'] = templates[np.arange(1000) % len(templates)]
    for name in ('dcgan600', 'dcgan3000'):
        if os.path.exists(os.path.join(args.features, name + '.features.npy')):
            sets[name] = load(args.features, name)[0]

    blurred = load(args.features, 'blurred')[0] if os.path.exists(os.path.join(args.features, 'blurred.features.npy')) else None
    if blurred is not None:
        for k in range(10):
            sets['blurred-%d' % k] = blurred[order[k * 1000:(k + 1) * 1000]]

    d = real.shape[1]
    mu = real.mean(0)
    norm_scale = 1 / np.sqrt((real ** 2).sum(1).mean() / d)  # so that E[x·x/d] = 1 on real
    centred_scale = 1 / np.sqrt(((real - mu) ** 2).sum(1).mean() / d)
    w = np.linalg.eigvalsh(np.cov(real, rowvar=False))[::-1]
    results = {'dim': d, 'realMeanSquaredNormOverD': float((real ** 2).sum(1).mean() / d),
               'realVarianceShareTop': [float(x) for x in (w[:6] / w.sum())],
               'realMeanShareOfSquaredNorm': float((mu @ mu) / (real ** 2).sum(1).mean()),
               'sets': {}}
    detailed = {'heldout-0', 'blurred-0', 'four-classes', 'four-templates', 'dcgan600', 'dcgan3000'}
    for name, fake in sets.items():
        old = kid(real, fake, 1000)
        new = kid(real, fake, 500)
        row = {'n': len(fake), 'fid': fid(real, fake),
               'kidOld': {'mean': old[0], 'std': old[1], 'subsetSize': 1000},
               'kidNew': {'mean': new[0], 'std': new[1], 'subsetSize': 500}}
        line = '%-15s FID %7.2f  KID(old) %7.3f ± %.3f  KID(new) %7.3f ± %.3f' % (name, row['fid'], old[0], old[1], new[0], new[1])
        if name in detailed:
            scaled = kid(real, fake, 500, subsets=50, scale=norm_scale)
            centred = kid(real - mu, fake - mu, 500, subsets=50, scale=centred_scale)
            row['kidTerms'] = {'linear': old[2][0], 'quadratic': old[2][1], 'cubic': old[2][2]}
            row['kidRescaled'] = {'mean': scaled[0], 'std': scaled[1]}
            row['kidCentred'] = {'mean': centred[0], 'std': centred[1], 'terms': centred[2]}
            row['features'] = diagnostics(real, fake)
            line += '  terms %.3f %.3f %.3f  rescaled %.4f  centred %.4f  %s' % (
                *old[2], scaled[0], centred[0], json.dumps({k: round(v, 3) for k, v in row['features'].items()}))
        results['sets'][name] = row
        print(line, flush=True)
    for group in ('heldout', 'blurred'):
        rows = [results['sets'][k] for k in results['sets'] if k.startswith(group + '-')]
        if rows:
            results[group + 'Spread'] = {
                'sets': len(rows),
                'kidMeanOverSets': float(np.mean([r['kidOld']['mean'] for r in rows])),
                'kidOldStdAcrossSets': float(np.std([r['kidOld']['mean'] for r in rows], ddof=1)),
                'kidNewStdAcrossSets': float(np.std([r['kidNew']['mean'] for r in rows], ddof=1)),
                'kidOldReportedStd': float(np.mean([r['kidOld']['std'] for r in rows])),
                'kidNewReportedStd': float(np.mean([r['kidNew']['std'] for r in rows])),
                'fidMeanOverSets': float(np.mean([r['fid'] for r in rows])),
                'fidStdAcrossSets': float(np.std([r['fid'] for r in rows], ddof=1)),
            }
            print(group, json.dumps(results[group + 'Spread']), flush=True)
    if blurred is not None:
        # Both sides 1,000 (a user's 1,000 images against 1,000 samples): the old rule's subsets are
        # both whole sets (± exactly 0); with halves, is the ± the draw-to-draw spread of KID?
        perm = np.random.default_rng(2).permutation(len(real))
        old, new = [], []
        for k in range(10):
            x, y = real[perm[k * 1000:(k + 1) * 1000]], sets['blurred-%d' % k]
            old.append(kid(x, y, 1000, subsets=2)[:2])
            new.append(kid(x, y, 500, seed=k)[:2])
        results['equalSizeCheck'] = {
            'pairs': 10, 'nReal': 1000, 'nFake': 1000,
            'kidOldReportedStd': float(np.mean([v[1] for v in old])),
            'kidOldStdAcrossPairs': float(np.std([v[0] for v in old], ddof=1)),
            'kidNewMeanOverPairs': float(np.mean([v[0] for v in new])),
            'kidNewReportedStd': float(np.mean([v[1] for v in new])),
            'kidNewStdAcrossPairs': float(np.std([v[0] for v in new], ddof=1)),
        }
        print('equal sizes', json.dumps(results['equalSizeCheck']), flush=True)
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(results, f, indent=1)
            f.write('\n')


if __name__ == '__main__':
    main()
