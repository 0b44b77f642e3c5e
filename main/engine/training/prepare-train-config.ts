import { StudioError } from '../../contract/channels';
import {
  trainConfigSchema,
  type ScanReport,
  type TrainConfig,
} from '../../contract/training-schemas';
import { defaultTrainConfig } from './defaults';

export interface PrepareTrainConfigInput {
  /** The scan of the training folder (its usable count and per-file sizes choose the defaults). */
  scan: Pick<ScanReport, 'folder' | 'usable' | 'files' | 'rejected'>;
  /** Settings the user chose; a field left out or undefined gets the folder's default. */
  settings?: Partial<TrainConfig>;
  /** The tfjs backend training will use (native TensorFlow can afford 64 px, wasm/cpu hardly). */
  backend: string;
  /**
   * The live detectors' extractor when the settings name none. The app gives 'inception' (real
   * runs get detectors); the CLI gives none, so scripted runs stay quick unless asked.
   */
  defaultExtractor?: string;
  /**
   * The family's defaults when they do not come from an image scan (text and PixelCNN folders:
   * `familyDefaults`); otherwise they are `defaultTrainConfig` of the scan.
   */
  defaults?: { config: TrainConfig; reasons: string[] };
}

/**
 * The one way a training config is built, for the app's `train.start` and the CLI's `train`
 * alike: the folder's defaults (with their reasons in words), the user's settings on top, then
 * the contract's schema. A folder without usable images, or settings the schema refuses, is a
 * BAD_REQUEST that names every wrong field.
 */
export function prepareTrainConfig(input: PrepareTrainConfigInput): {
  config: TrainConfig;
  reasons: string[];
} {
  const { scan } = input;
  if (scan.usable === 0)
    throw new StudioError(
      'BAD_REQUEST',
      `"${scan.folder}" has no usable images (${scan.rejected.length} rejected).`,
    );
  const settings = definedOnly(input.settings ?? {});
  const defaults =
    input.defaults ??
    defaultTrainConfig({
      scan,
      family: settings.family,
      backend: input.backend,
      seed: settings.seed,
    });
  const parsed = trainConfigSchema.safeParse({
    ...(input.defaultExtractor !== undefined && { extractor: input.defaultExtractor }),
    ...defaults.config,
    ...settings,
  });
  if (!parsed.success)
    throw new StudioError(
      'BAD_REQUEST',
      `Invalid training settings: ${parsed.error.issues
        .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
        .join('; ')}`,
    );
  return { config: parsed.data, reasons: defaults.reasons };
}

/** `{steps: undefined}` means "not chosen", never "no steps": such fields keep their default. */
function definedOnly(settings: Partial<TrainConfig>): Partial<TrainConfig> {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}
