import type { ScanReport, TrainState } from '../../../../main/contract/training-schemas';

/** Time left in words: "about 4 min left", "about 1 h 20 min left", "a few seconds left". */
export function etaWords(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return 'estimating time left…';
  if (seconds < 10) return 'a few seconds left';
  if (seconds < 55) return `about ${Math.round(seconds / 5) * 5} s left`;
  if (seconds < 90) return 'about 1 min left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  if (hours >= 48) return `about ${Math.round(minutes / 1440)} days left`;
  if (hours >= 10) return `about ${Math.round(minutes / 60)} h left`;
  const rest = Math.round((minutes - hours * 60) / 10) * 10;
  if (rest === 60) return `about ${hours + 1} h left`;
  return rest === 0 ? `about ${hours} h left` : `about ${hours} h ${rest} min left`;
}

/** "12.3 images/s", "0.42 images/s", "1,240 images/s". */
export function rateWords(imagesPerSec: number): string {
  if (!Number.isFinite(imagesPerSec) || imagesPerSec <= 0) return '—';
  const digits = imagesPerSec < 1 ? 2 : imagesPerSec < 100 ? 1 : 0;
  return `${imagesPerSec.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} images/s`;
}

/** A loss value short enough for a legend: 3 significant digits. */
export function lossWords(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '—';
  if (v !== 0 && Math.abs(v) < 0.001) return v.toExponential(1);
  return Number(v.toPrecision(3)).toString();
}

/** Names of loss keys as the trainer reports them (GAN: d, g; VAE: loss, recon, kl). */
export function lossLabel(key: string): string {
  const names: Record<string, string> = {
    d: 'Discriminator',
    g: 'Generator',
    loss: 'Total',
    recon: 'Reconstruction',
    kl: 'KL',
  };
  return names[key] ?? key;
}

export function stateWords(state: TrainState): string {
  const words: Record<TrainState, string> = {
    starting: 'Starting…',
    running: 'Training',
    paused: 'Paused',
    stopping: 'Stopping…',
    stopped: 'Stopped',
    finished: 'Finished',
    failed: 'Failed',
  };
  return words[state];
}

/** "PNG 23 · JPEG 4" — formats with counts, most common first. */
export function formatsWords(formats: Record<string, number>): string {
  return Object.entries(formats)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([f, n]) => `${f.toUpperCase()} ${n}`)
    .join(' · ');
}

/** "all 64×64", or "32×32 to 512×384 · most 64×64" — what sizes the usable images come in. */
export function sizesWords(files: ScanReport['files']): string {
  if (files.length === 0) return 'no usable images';
  const counts = new Map<string, number>();
  for (const f of files)
    counts.set(`${f.width}×${f.height}`, (counts.get(`${f.width}×${f.height}`) ?? 0) + 1);
  if (counts.size === 1) return `all ${[...counts.keys()][0]}`;
  const byArea = [...files].sort((a, b) => a.width * a.height - b.width * b.height);
  const small = byArea[0]!;
  const large = byArea[byArea.length - 1]!;
  const [common, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  const range = `${small.width}×${small.height} to ${large.width}×${large.height}`;
  return n > 1 ? `${range} · most ${common}` : range;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The last part of a path, for compact lists ("/data/cats/" → "cats"). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}
