#!/usr/bin/python3
"""Reference values for main/engine/metrics, written to test/fixtures/metrics/ (kept < 2 MB).

Run with Debian's /usr/bin/python3 + python3-numpy, python3-scipy, python3-nltk:
    /usr/bin/python3 scripts/make_metric_fixtures.py
The TypeScript tests run in Node only and compare against what this writes.

References used:
- FID: the pytorch-fid formula verbatim (scipy.linalg.sqrtm of sigma1 @ sigma2, eps*I retry).
- KID: a direct numpy transcription of the unbiased polynomial-kernel MMD^2 (torch-fidelity's),
  on the SAME subsets as the TS code: the studio PRNG (xoshiro128**, main/engine/latent/prng.ts)
  is re-implemented below, with kid.ts's partial Fisher-Yates sampling.
- precision/recall/density/coverage: numpy transcription of the `prdc` package's formulas.
- Inception score: the original OpenAI formula (consecutive splits, np.std).
- BLEU: NLTK corpus_bleu (method0 = no smoothing, method1 = epsilon). sacreBLEU is not packaged
  for Debian, so its 13a tokenizer and exp/floor/add-k smoothing are re-implemented below from
  sacreBLEU's source and documentation; the tests also pin sacreBLEU's own published README
  example (BLEU = 48.53 82.4/50.0/45.5/37.5, BP 0.943, 17/18), an independent check of both.

2048-d statistics: two 2048x2048 float64 sigmas would be 64 MB, so we commit a RECIPE per side,
stats2048_{a,b}.npz with float32 arrays mu [2048], factors [2048, 48], diag [2048]; both Python and
TS build  sigma = factors64 @ factors64.T + diag(diag64)  in float64 (the same matrix up to the
summation order of 48 exact products, ~1e-16 relative), and the FID reference is scipy's on those.
"""
import json
import math
import os
import re
import warnings

import numpy as np
import scipy.linalg
from nltk.translate.bleu_score import SmoothingFunction, corpus_bleu

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'metrics')
M32 = 0xFFFFFFFF


# ---- studio PRNG (see prng.ts) -------------------------------------------------------------
class Rng:
    def __init__(self, seed):
        x = seed & M32
        s = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & M32
            z = x
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
            s.append((z ^ (z >> 16)) & M32)
        self.s = s

    def next_uint32(self):
        s0, s1, s2, s3 = self.s
        rotl = lambda v, k: ((v << k) | (v >> (32 - k))) & M32
        result = (rotl((s1 * 5) & M32, 7) * 9) & M32
        t = (s1 << 9) & M32
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result


def sample_indices(rng, n, size):
    idx = list(range(n))
    for i in range(size):
        j = i + math.floor((rng.next_uint32() / 4294967296) * (n - i))
        idx[i], idx[j] = idx[j], idx[i]
    return np.array(idx[:size])


# ---- image metrics -----------------------------------------------------------------------
def fid_pytorch(mu1, s1, mu2, s2, eps=1e-6):
    diff = mu1 - mu2
    covmean, _ = scipy.linalg.sqrtm(s1.dot(s2), disp=False)
    if not np.isfinite(covmean).all():
        offset = np.eye(s1.shape[0]) * eps
        covmean = scipy.linalg.sqrtm((s1 + offset).dot(s2 + offset))
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def mmd2_unbiased(x, y):
    d = x.shape[1]
    k = lambda a, b: (a @ b.T / d + 1) ** 3
    kxx, kyy, kxy = k(x, x), k(y, y), k(x, y)
    m = x.shape[0]
    return ((kxx.sum() - np.trace(kxx)) + (kyy.sum() - np.trace(kyy))) / (m * (m - 1)) - 2 * kxy.sum() / (m * m)


def kid(real, fake, subsets, size, seed):
    rng = Rng(seed)
    vals = []
    for _ in range(subsets):
        x = real[sample_indices(rng, len(real), size)]
        y = fake[sample_indices(rng, len(fake), size)]
        vals.append(mmd2_unbiased(x, y))
    return float(np.mean(vals)), float(np.std(vals))


def prdc(real, fake, k):
    def dist(a, b):
        return np.sqrt(np.maximum(0, (a * a).sum(1)[:, None] + (b * b).sum(1)[None, :] - 2 * a @ b.T))
    real_nn = np.sort(dist(real, real), axis=1)[:, k]  # column 0 is the point itself
    fake_nn = np.sort(dist(fake, fake), axis=1)[:, k]
    drf = dist(real, fake)
    return dict(
        precision=float((drf < real_nn[:, None]).any(axis=0).mean()),
        recall=float((drf < fake_nn[None, :]).any(axis=1).mean()),
        density=float((1.0 / k) * (drf < real_nn[:, None]).sum(axis=0).mean()),
        coverage=float((drf.min(axis=1) < real_nn).mean()),
    )


def inception_score(preds, splits):
    scores = []
    n = preds.shape[0]
    for i in range(splits):
        part = preds[(i * n // splits):((i + 1) * n // splits), :]
        py = part.mean(0, keepdims=True)
        with np.errstate(divide='ignore', invalid='ignore'):
            kl = np.where(part > 0, part * (np.log(part) - np.log(py)), 0.0)
        scores.append(np.exp(kl.sum(1).mean()))
    return float(np.mean(scores)), float(np.std(scores))


# ---- sacreBLEU re-implementation (13a tokenizer + compute_bleu) ---------------------------
_13A = [
    (re.compile(r'([\{-\~\[-\` -\&\(-\+\:-\@\/])'), r' \1 '),
    (re.compile(r'([^0-9])([\.,])'), r'\1 \2 '),
    (re.compile(r'([\.,])([^0-9])'), r' \1 \2'),
    (re.compile(r'([0-9])(-)'), r'\1 \2 '),
]


def tok13a(line):
    for a, b in [('<skipped>', ''), ('-\n', ''), ('\n', ' '), ('&quot;', '"'), ('&amp;', '&'), ('&lt;', '<'), ('&gt;', '>')]:
        line = line.replace(a, b)
    line = ' {} '.format(line)
    for r, rep in _13A:
        line = r.sub(rep, line)
    return line.split()


def sacre_bleu(hyps, ref_streams, smooth, tokenize, value=None):
    tok = tok13a if tokenize == '13a' else str.split
    correct, total, sys_len, ref_len = [0] * 4, [0] * 4, 0, 0
    for i, h in enumerate(hyps):
        ht = tok(h.rstrip())
        rts = [tok(s[i].rstrip()) for s in ref_streams]
        sys_len += len(ht)
        ref_len += min((abs(len(r) - len(ht)), len(r)) for r in rts)[1]
        for n in range(1, 5):
            hc = {}
            for j in range(len(ht) - n + 1):
                g = tuple(ht[j:j + n]); hc[g] = hc.get(g, 0) + 1
            rc = {}
            for r in rts:
                c = {}
                for j in range(len(r) - n + 1):
                    g = tuple(r[j:j + n]); c[g] = c.get(g, 0) + 1
                for g, v in c.items():
                    rc[g] = max(rc.get(g, 0), v)
            correct[n - 1] += sum(min(v, rc.get(g, 0)) for g, v in hc.items())
            total[n - 1] += sum(hc.values())
    bp = 1.0 if sys_len >= ref_len else (math.exp(1 - ref_len / sys_len) if sys_len > 0 else 0.0)
    value = {'floor': 0.1, 'add-k': 1}.get(smooth) if value is None else value
    prec = [0.0] * 4
    if not any(correct):
        return dict(bleu=0.0, precisions=prec, brevityPenalty=bp, hypLen=sys_len, refLen=ref_len)
    mteval = 1.0
    for n in range(1, 5):
        if smooth == 'add-k' and n > 1:
            correct[n - 1] += value; total[n - 1] += value
        if total[n - 1] == 0:
            break
        if correct[n - 1] == 0:
            if smooth == 'exp':
                mteval *= 2; prec[n - 1] = 100.0 / (mteval * total[n - 1])
            elif smooth == 'floor':
                prec[n - 1] = 100.0 * value / total[n - 1]
        else:
            prec[n - 1] = 100.0 * correct[n - 1] / total[n - 1]
    score = bp * math.exp(sum(math.log(p) if p > 0 else -9999999999 for p in prec) / 4)
    # Stored on our 0-1 scale (sacreBLEU prints x100).
    return dict(bleu=score / 100, precisions=[p / 100 for p in prec], brevityPenalty=bp, hypLen=sys_len, refLen=ref_len)


BLEU_CASES = [
    dict(name='sacrebleu-readme', hyps=['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'],
         refs=[['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
               ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.']]),
    dict(name='two-refs-pretokenised', hyps=['the cat is on the mat', 'there is a cat on the mat today'],
         refs=[['the cat sat on the mat', 'a cat is on the mat'], ['there is a cat on the mat', 'the cat is here today on a mat']]),
    dict(name='short-hyps', hyps=['hello there', 'ok', 'the quick brown fox jumps'],
         refs=[['hello there general kenobi', 'ok fine', 'the quick brown fox jumps over the lazy dog']]),
    dict(name='no-4gram-match', hyps=['a b c d e f', 'x y z w'],
         refs=[['a b c x d e f g', 'x y q z w']]),
    dict(name='no-bigram-match', hyps=['alpha gamma beta delta', 'one three two'],
         refs=[['alpha beta gamma delta', 'one two three four']]),
    dict(name='no-unigram-match', hyps=['nothing here matches'], refs=[['completely different words']]),
    dict(name='punctuation-13a', hyps=['Hello, world! It costs $3.50 (approx.), see 1-2 "quotes" &amp; more.', "Don't stop-believing; 1,000 times."],
         refs=[['Hello, world! It costs $3.50 (about), see 1-2 "quotes" & more.', "Don't stop believing; 1,000 times!"],
               ['Hi, world! The cost is $3.50, see pages 1-2.', 'Do not stop believing, a thousand times.']]),
]


def bleu_fixtures():
    sf = SmoothingFunction()
    out = []
    for case in BLEU_CASES:
        hyps, refs = case['hyps'], case['refs']
        nl_refs = [[s[i].split() for s in refs] for i in range(len(hyps))]
        nl_hyps = [h.split() for h in hyps]
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            nltk_vals = {'none': float(corpus_bleu(nl_refs, nl_hyps)),
                         'epsilon': float(corpus_bleu(nl_refs, nl_hyps, smoothing_function=sf.method1))}
        sacre = {tk: {sm: sacre_bleu(hyps, refs, sm, tk) for sm in ('exp', 'floor', 'add-k')} for tk in ('13a', 'none')}
        out.append(dict(name=case['name'], hyps=hyps, refs=refs, nltk=nltk_vals, sacrebleu=sacre))
    return out


def save_npz_recipe(path, mu, factors, diag):
    np.savez(path, mu=mu.astype(np.float32), factors=factors.astype(np.float32), diag=diag.astype(np.float32))


def sigma_from_recipe(path):
    f = np.load(path)
    fac = f['factors'].astype(np.float64)
    return f['mu'].astype(np.float64), fac @ fac.T + np.diag(f['diag'].astype(np.float64))


def main():
    os.makedirs(OUT, exist_ok=True)
    rs = np.random.RandomState(20261126)
    refs = {}

    # Features: real ~ correlated Gaussian; fake = shifted, rescaled, partly mixed.
    d = 64
    mix = rs.randn(d, d) / np.sqrt(d)
    real = (rs.randn(300, d) @ mix + 0.5).astype(np.float32)
    fake = (1.15 * rs.randn(250, d) @ mix + 0.3 * rs.randn(250, d) + 0.6).astype(np.float32)
    np.save(os.path.join(OUT, 'real_features.npy'), real)
    np.save(os.path.join(OUT, 'fake_features.npy'), fake)
    r64, f64 = real.astype(np.float64), fake.astype(np.float64)
    mu_r, s_r = r64.mean(0), np.cov(r64, rowvar=False)
    mu_f, s_f = f64.mean(0), np.cov(f64, rowvar=False)
    refs['fid_features'] = fid_pytorch(mu_r, s_r, mu_f, s_f)
    refs['stats_real'] = dict(mu=mu_r[:8].tolist(), sigma_diag=np.diag(s_r)[:8].tolist(), sigma_01=float(s_r[0, 1]), sigma_sum=float(s_r.sum()))
    refs['kid_small'] = dict(zip(['mean', 'std'], kid(r64, f64, subsets=10, size=100, seed=7)))
    refs['kid_default'] = dict(zip(['mean', 'std'], kid(r64, f64, subsets=100, size=250, seed=0)))
    refs['prdc_k3'] = prdc(r64, f64, 3)
    refs['prdc_k5'] = prdc(r64, f64, 5)
    # Singular covariances: 40 samples in 64-d, so both sigmas have rank 39.
    few_r, few_f = r64[:40], f64[:40]
    refs['fid_singular'] = fid_pytorch(few_r.mean(0), np.cov(few_r, rowvar=False), few_f.mean(0), np.cov(few_f, rowvar=False))

    # Stats files as pytorch-fid writes them (np.savez: stored) and compressed float32 variants.
    np.savez(os.path.join(OUT, 'stats_real_f8.npz'), mu=mu_r, sigma=s_r)
    np.savez_compressed(os.path.join(OUT, 'stats_fake_f4_deflate.npz'), mu=mu_f.astype(np.float32), sigma=s_f.astype(np.float32))
    refs['fid_stats_files'] = fid_pytorch(mu_r, s_r, mu_f.astype(np.float32).astype(np.float64), s_f.astype(np.float32).astype(np.float64))

    # Inception score from a 500 x 10 softmax.
    logits = rs.randn(500, 10) * 2.0
    logits[:, 0] += np.linspace(0, 3, 500)
    probs = np.exp(logits - logits.max(1, keepdims=True))
    probs /= probs.sum(1, keepdims=True)
    probs[3, :] = 0.0; probs[3, 2] = 1.0  # an exact one-hot row exercises 0·log 0
    np.save(os.path.join(OUT, 'softmax.npy'), probs)
    refs['inception_score'] = dict(zip(['mean', 'std'], inception_score(probs, 10)))

    # 2048-d realistic statistics from recipes (see module docstring).
    D, R = 2048, 48
    spectrum = 3.0 * (1 + np.arange(R)) ** -0.8
    fa = rs.randn(D, R) * spectrum / np.sqrt(D) * 6
    fb = 0.9 * fa + 0.35 * rs.randn(D, R) * spectrum / np.sqrt(D) * 6
    diag_a = 0.02 * (1 + rs.rand(D)) * (1 + np.arange(D)) ** -0.3
    diag_b = diag_a * (0.8 + 0.4 * rs.rand(D))
    mu_a = np.abs(rs.randn(D)) * 0.3
    mu_b = mu_a + 0.02 * rs.randn(D)
    save_npz_recipe(os.path.join(OUT, 'stats2048_a.npz'), mu_a, fa, diag_a)
    save_npz_recipe(os.path.join(OUT, 'stats2048_b.npz'), mu_b, fb, diag_b)
    ma, sa = sigma_from_recipe(os.path.join(OUT, 'stats2048_a.npz'))
    mb, sb = sigma_from_recipe(os.path.join(OUT, 'stats2048_b.npz'))
    refs['fid_2048'] = fid_pytorch(ma, sa, mb, sb)

    refs['bleu'] = bleu_fixtures()
    with open(os.path.join(OUT, 'reference.json'), 'w') as f:
        json.dump(refs, f, indent=1)
    print(json.dumps({k: v for k, v in refs.items() if k != 'bleu'}, indent=1)[:3000])


if __name__ == '__main__':
    main()
