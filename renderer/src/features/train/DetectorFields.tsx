import { useState } from 'react';
import { builtInExtractors } from '../../../../main/contract/eval-schemas';
import { trainConfigSchema } from '../../../../main/contract/training-schemas';
import { extractorChoiceWords } from '../../ui/extractor-words';
import { NumberField } from '../../ui/NumberField';
import { Group, Row, type FieldsProps } from './SettingsFields';

/** The engine's defaults (main/engine/training/detectors: DEFAULT_EVAL_EVERY, DEFAULT_EVAL_SAMPLES, DEFAULT_EXTRACTOR). */
export const DETECTOR_DEFAULTS = { evalEvery: 500, evalSamples: 500, extractor: 'inception' };

const BUILT_IN: readonly string[] = builtInExtractors.map((e) => e.id);

/** Live detectors and FID/KID: how often, how many samples, which feature extractor. */
export function DetectorFields({ config, set }: Omit<FieldsProps, 'why'>) {
  const extractor = config.extractor ?? DETECTOR_DEFAULTS.extractor;
  const [custom, setCustom] = useState(!BUILT_IN.includes(extractor));
  const [path, setPath] = useState(BUILT_IN.includes(extractor) ? '' : extractor);
  const evalEvery = config.evalEvery ?? DETECTOR_DEFAULTS.evalEvery;
  return (
    <Group title="Detectors and FID/KID">
      <Row
        why={[
          `FID/KID every ${evalEvery === 0 ? '— (off)' : `${evalEvery} steps`} on ${config.evalSamples ?? DETECTOR_DEFAULTS.evalSamples} samples (defaults ${DETECTOR_DEFAULTS.evalEvery} and ${DETECTOR_DEFAULTS.evalSamples}; 0 turns FID/KID off).`,
          ...(evalEvery > config.steps
            ? [
                `The run has only ${config.steps.toLocaleString('en-US')} steps, so FID/KID every ${evalEvery.toLocaleString('en-US')} never comes: choose ${config.steps.toLocaleString('en-US')} or fewer to see it.`,
              ]
            : []),
        ]}
      >
        <NumberField
          schema={trainConfigSchema.shape.evalEvery}
          label="FID/KID every"
          testId="train-eval-every"
          title="Steps between FID/KID points (0 = off)"
          value={evalEvery}
          width={90}
          onChange={(v) => set({ evalEvery: v })}
        />
        <NumberField
          schema={trainConfigSchema.shape.evalSamples}
          label="Samples"
          testId="train-eval-samples"
          title="Generated samples per FID/KID point"
          value={config.evalSamples ?? DETECTOR_DEFAULTS.evalSamples}
          width={90}
          onChange={(v) => set({ evalSamples: v })}
        />
      </Row>
      <Row
        why={[
          custom && !path.trim()
            ? `Type the path of an .onnx extractor (with its .json manifest); until then ${extractorChoiceWords(extractor)} is used.`
            : 'Features for diversity, memorisation and FID/KID (default: Inception).',
        ]}
      >
        <label className="field">
          <span className="field-label">Extractor</span>
          <select
            data-testid="train-extractor"
            value={custom ? 'onnx' : extractor}
            onChange={(e) => {
              const choice = e.target.value;
              setCustom(choice === 'onnx');
              if (choice !== 'onnx') set({ extractor: choice });
              else if (path.trim()) set({ extractor: path.trim() });
            }}
          >
            {builtInExtractors.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label}
              </option>
            ))}
            <option value="onnx">ONNX file…</option>
          </select>
        </label>
        {custom && (
          <label className="field">
            <span className="field-label">ONNX path</span>
            <input
              data-testid="train-extractor-path"
              value={path}
              placeholder="/path/extractor.onnx (with its .json)"
              onChange={(e) => {
                setPath(e.target.value);
                if (e.target.value.trim()) set({ extractor: e.target.value.trim() });
              }}
            />
          </label>
        )}
      </Row>
    </Group>
  );
}
