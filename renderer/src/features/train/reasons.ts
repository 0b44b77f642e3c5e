/** Which form row each of train.defaults' reasons (free text) belongs beside. */
export type FieldKey =
  'family' | 'size' | 'latentDim' | 'steps' | 'batch' | 'cadence' | 'learningRate' | 'gan' | 'vae';

/** First match wins, so specific words come before general ones. */
const RULES: [FieldKey, RegExp][] = [
  ['gan', /diffaugment|augment|hinge|non-?saturating/i],
  ['vae', /\bβ|beta|\bkl\b/i],
  ['cadence', /checkpoint|preview/i],
  ['learningRate', /learning rate|\blr\b/i],
  ['batch', /\bbatch/i],
  ['steps', /\bsteps?\b|epoch/i],
  ['latentDim', /latent|transparen/i], // the row with latent dim and the transparency background
  ['size', /\bsize\b|\d+\s*(px|×)|pixels|resolution|gr[ae]yscale|channel/i],
  ['family', /\bgan\b|\bvae\b|family/i],
];

export function reasonsByField(reasons: readonly string[]): {
  byField: Partial<Record<FieldKey, string[]>>;
  general: string[];
} {
  const byField: Partial<Record<FieldKey, string[]>> = {};
  const general: string[] = [];
  for (const reason of reasons) {
    const key = RULES.find(([, re]) => re.test(reason))?.[0];
    if (key) (byField[key] ??= []).push(reason);
    else general.push(reason);
  }
  return { byField, general };
}
