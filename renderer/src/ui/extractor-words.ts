import { builtInExtractors } from '../../../main/contract/eval-schemas';

/**
 * An extractor id (what scores are stored with, e.g. `nsfwjs-inception-v3-pool@4.4.0+bilinear299`)
 * in words for the screen; the id itself belongs in a tooltip.
 */
export function extractorWords(id: string): string {
  const lower = id.toLowerCase();
  if (lower.includes('inception')) return builtInExtractors[0].label.replace(' (default)', '');
  if (lower.includes('fashion-mnist')) return builtInExtractors[1].label;
  const name = id.split('@')[0]?.split(/[\\/]/).pop() ?? id;
  return `${name} (your ONNX extractor)`;
}

/** The extractor the form names (a built-in id or a file path), in words. */
export function extractorChoiceWords(choice: string): string {
  const builtIn = builtInExtractors.find((e) => e.id === choice);
  if (builtIn) return builtIn.label.replace(' (default)', '');
  return choice.split(/[\\/]/).pop() ?? choice;
}
