import type { TrainMetrics } from '../../contract/training-schemas';

/** One line for the terminal: FID/KID points, alarms and why detectors are off; else nothing. */
export function describeMetrics(m: TrainMetrics): string | null {
  const parts: string[] = [];
  if (m.status) parts.push(m.status);
  if (m.eval)
    parts.push(
      `FID ${m.eval.fid.toFixed(2)}, KID ${m.eval.kid.mean.toFixed(4)} ± ${m.eval.kid.std.toFixed(4)} (${m.eval.n} samples vs ${m.eval.nReal})`,
    );
  if (m.nll)
    parts.push(
      `held-out ${m.nll.heldOut.toFixed(3)} ${m.nll.unit} vs train ${m.nll.train.toFixed(3)} (${m.nll.count} ${m.nll.unit === 'bits/dim' ? 'images' : 'windows'})`,
    );
  if (m.recon)
    parts.push(`held-out recon ${m.recon.heldOut.toFixed(2)} vs train ${m.recon.train.toFixed(2)}`);
  if (m.collapse?.alarm) parts.push(m.collapse.alarm);
  const memo = m.memorization;
  if (memo?.alarm) parts.push(memo.warning ? `${memo.alarm} (${memo.warning})` : memo.alarm);
  return parts.length ? `step ${m.step}: ${parts.join('; ')}` : null;
}
