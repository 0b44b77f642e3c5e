import type { TrainConfig } from '../../../../main/contract/training-schemas';

/** Which form row each of train.defaults' reasons (free text) belongs beside. */
export type FieldKey =
  | 'family'
  | 'size'
  | 'width'
  | 'latentDim'
  | 'steps'
  | 'batch'
  | 'cadence'
  | 'learningRate'
  | 'gan'
  | 'vae'
  | 'diffusion'
  | 'layers';

/** First match wins, so specific words come before general ones. */
const RULES: [FieldKey, RegExp][] = [
  ['diffusion', /denoiser predicts|epsilon|v-prediction|noise schedule/i],
  ['layers', /\bblocks?\b|\bheads?\b|\bcontext\b|\blayers?\b/i],
  ['width', /\bwidth\b/i],
  ['gan', /diffaugment|augment|hinge|non-?saturating/i],
  ['vae', /\bβ|beta|\bkl\b/i],
  ['cadence', /checkpoint|preview/i],
  ['learningRate', /learning rate|\blr\b/i],
  ['batch', /\bbatch/i],
  ['steps', /\bsteps?\b|epoch/i],
  ['latentDim', /latent|transparen/i], // the row with latent dim and the transparency background
  ['size', /\bsize\b|\d+\s*(px|×)|pixels|resolution|gr[ae]yscale|channel/i],
  ['family', /\bgan\b|\bvae\b|diffusion|family/i],
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

/** The settings each row of the form holds (the rows the reasons are sorted into). */
const FIELDS: Partial<Record<FieldKey, (keyof TrainConfig)[]>> = {
  family: ['family'],
  size: ['size', 'channels'],
  width: ['width'],
  latentDim: ['latentDim'],
  steps: ['steps'],
  batch: ['batch'],
  cadence: ['previewEvery', 'checkpointEvery'],
  learningRate: ['learningRate'],
  gan: ['loss', 'diffAugment'],
  vae: ['vaeBeta'],
  diffusion: ['prediction', 'noiseSchedule'],
  layers: ['layers', 'heads', 'context'],
};

/**
 * The engine's reasons explain its suggestions; once the user changes a field the reason no
 * longer describes the form, so the row says what was suggested instead of repeating it as fact.
 */
export function reasonsFollowingSettings(
  key: FieldKey,
  reasons: string[] | undefined,
  config: TrainConfig,
  suggested: TrainConfig | null,
): string[] | undefined {
  if (!reasons?.length || !suggested) return reasons;
  const changed = (FIELDS[key] ?? []).filter((f) => config[f] !== suggested[f]);
  if (changed.length === 0) return reasons;
  const was = changed.map(
    (f) =>
      `${f === 'latentDim' ? 'latent size' : f.replace(/([A-Z])/g, ' $1').toLowerCase()} ${String(suggested[f])}`,
  );
  return [`You changed this; the suggestion was ${was.join(', ')} because: ${reasons.join(' ')}`];
}
