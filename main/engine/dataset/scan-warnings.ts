import type { ScanReport } from '../../contract/training-schemas';

type Files = ScanReport['files'];

/** Below this many usable images a generator mostly memorises; it can still be tried. */
export const FEW_IMAGES = 100;

/**
 * Plain-words warnings about a folder that can be trained on but may disappoint. Each says what
 * training will do about it, so the user can decide whether to fix the folder first.
 */
export function scanWarnings(files: Files, duplicatePairs: number, trainingSize: number): string[] {
  const n = files.length;
  const warnings: string[] = [];
  if (n === 0) return ['No usable images: there is nothing to train on.'];
  if (n < FEW_IMAGES)
    warnings.push(
      `Only ${n} usable image${n === 1 ? '' : 's'}: with fewer than ${FEW_IMAGES} a model tends to memorise them; a few hundred or more give far better results.`,
    );
  const aspects = files.map((f) => f.width / f.height).sort((a, b) => a - b);
  const median = aspects[Math.floor(n / 2)]!;
  const off = aspects.filter((a) => Math.abs(Math.log(a / median)) > Math.log(1.2)).length;
  if (off > 0 && off >= n * 0.1)
    warnings.push(
      `Mixed aspect ratios (${ratio(aspects[0]!)} to ${ratio(aspects[n - 1]!)}): every image is centre-cropped to a square, so the edges of wide or tall images are lost.`,
    );
  const gray = files.filter((f) => f.grayscale).length;
  if (gray === n)
    warnings.push('All images are grayscale: training with 1 channel is faster and loses nothing.');
  else if (gray * 2 >= n)
    warnings.push(
      `Most images (${gray} of ${n}) are grayscale: the model will learn to produce mostly gray images; consider training with 1 channel.`,
    );
  const alpha = files.filter((f) => f.hasAlpha).length;
  if (alpha > 0)
    warnings.push(
      `${alpha} image${alpha === 1 ? ' has' : 's have'} transparency: transparent areas are filled with the training background (white or black).`,
    );
  if (duplicatePairs > 0)
    warnings.push(
      `${duplicatePairs} duplicate or near-duplicate pair${duplicatePairs === 1 ? '' : 's'}: duplicates are seen more often in training; remove copies you do not want weighted.`,
    );
  const small = files.filter((f) => Math.min(f.width, f.height) < trainingSize).length;
  if (small > 0)
    warnings.push(
      `${small} image${small === 1 ? ' is' : 's are'} smaller than ${trainingSize} px on the short side and will be enlarged (blurry) for training at ${trainingSize}×${trainingSize}.`,
    );
  return warnings;
}

/** 1.5 → "3:2", 0.5 → "1:2" (rounded to a readable ratio). */
function ratio(aspect: number): string {
  return aspect >= 1 ? `${trim(aspect)}:1` : `1:${trim(1 / aspect)}`;
}

function trim(x: number): string {
  return String(Math.round(x * 100) / 100);
}
