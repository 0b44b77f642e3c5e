import type { RunMetrics } from '../../store/training-metrics';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import type { TrainConfig } from '../../../../main/contract/training-schemas';
import { LineChart, type ChartSeries } from '../../ui/LineChart';
import { Callout } from '../../ui/Callout';
import { extractorWords } from '../../ui/extractor-words';
import { DETECTOR_DEFAULTS } from './DetectorFields';
import { baseName } from './words';
import './detectors.css';

const fixed = (digits: number) => (v: number | undefined) =>
  v === undefined ? '—' : v.toFixed(digits);

/**
 * The live detectors of a run: a collapse alarm banner, diversity beside the training set's own,
 * FID/KID every N steps, held-out vs training reconstruction (VAEs), and the nearest training
 * image of each preview sample, side by side, flagged when suspiciously close.
 */
export function DetectorPanel({
  metrics: m,
  config,
}: {
  metrics: RunMetrics | null;
  config: TrainConfig | null;
}) {
  const family = config?.family ?? null;
  if (!m) return null;
  return (
    <section className="detectors" aria-label="Detectors" data-testid="detectors">
      {m.status && (
        <div className="callout info" data-testid="detectors-status">
          {m.status}
        </div>
      )}
      {m.collapseAlarm && (
        <Callout kind="error" testId="collapse-alarm">
          <span>
            <b>Step {m.collapseAlarm.step.toLocaleString('en-US')}:</b> {m.collapseAlarm.text}
          </span>
        </Callout>
      )}
      {m.memorization?.alarm && (
        <Callout kind="error" testId="memorization-alarm">
          <span>
            {m.memorization.alarm}
            {m.memorization.warning ? ` ${m.memorization.warning}` : ''}
          </span>
        </Callout>
      )}
      <div className="detector-charts">
        <Diversity m={m} />
        <Quality m={m} config={config} />
        {family === 'vae' && <HeldOut m={m} />}
      </div>
      <Pairs m={m} />
      {m.extractor && (
        <p className="muted detector-extractor" title={m.extractor}>
          Features: {extractorWords(m.extractor)}
        </p>
      )}
    </section>
  );
}

/** One line of a step chart: a value read from each row, plotted at the row's step. */
function bySteps<Row extends { step: number }>(
  key: string,
  label: string,
  color: string,
  rows: readonly Row[],
  value: (row: Row) => number,
): ChartSeries {
  return { key, label, color, points: rows.map((r) => ({ x: r.step, y: value(r) })) };
}

/** A detector chart over training steps, its legend showing values to `digits` decimals. */
function StepChart(props: {
  testId: string;
  digits: number;
  empty: string;
  height?: number;
  series: ChartSeries[];
}) {
  const { digits, ...rest } = props;
  return <LineChart xLabel="step" format={fixed(digits)} {...rest} />;
}

function Diversity({ m }: { m: RunMetrics }) {
  const ref = m.reference;
  const reference = ref === null ? [] : m.diversity.map((d) => ({ step: d.step, value: ref }));
  return (
    <div className="detector-chart">
      <h3>Diversity</h3>
      <StepChart
        testId="diversity-chart"
        digits={3}
        empty="Diversity appears with the first preview."
        series={[
          bySteps('diversity', 'samples', '#7aa7e0', m.diversity, (d) => d.diversity),
          bySteps('reference', 'training set', '#6cc58f', reference, (r) => r.value),
          bySteps('dup', 'near-dup share', '#e5675c', m.diversity, (d) => d.nearDupShare),
        ]}
      />
    </div>
  );
}

/** When the first FID point comes, in words that follow the run's settings. */
export function fidEmptyWords(config: TrainConfig | null): string {
  const every = config?.evalEvery ?? DETECTOR_DEFAULTS.evalEvery;
  if (every === 0) return 'FID/KID is off for this run.';
  if (config && every > config.steps)
    return `FID/KID comes every ${every.toLocaleString('en-US')} steps, but the run has ${config.steps.toLocaleString('en-US')}: no point will come.`;
  return `FID appears every ${every.toLocaleString('en-US')} steps.`;
}

function Quality({ m, config }: { m: RunMetrics; config: TrainConfig | null }) {
  const n = m.evals.at(-1)?.n;
  return (
    <div className="detector-chart">
      <h3>FID / KID vs the training folder{n ? ` (${n} samples)` : ''}</h3>
      <StepChart
        testId="fid-chart"
        digits={2}
        empty={fidEmptyWords(config)}
        series={[bySteps('fid', 'FID', '#e0a84a', m.evals, (e) => e.fid)]}
      />
      <StepChart
        testId="kid-chart"
        digits={4}
        height={120}
        empty="KID appears with FID."
        series={[bySteps('kid', 'KID', '#d77fc4', m.evals, (e) => e.kid)]}
      />
    </div>
  );
}

function HeldOut({ m }: { m: RunMetrics }) {
  return (
    <div className="detector-chart">
      <h3>Reconstruction: held-out vs training</h3>
      <StepChart
        testId="recon-chart"
        digits={2}
        empty="Appears with the first preview (needs ≥ 20 images)."
        series={[
          bySteps('train', 'training', '#7aa7e0', m.recon, (r) => r.train),
          bySteps('held', 'held-out', '#e5675c', m.recon, (r) => r.heldOut),
        ]}
      />
    </div>
  );
}

function Pairs({ m }: { m: RunMetrics }) {
  const memo = m.memorization;
  if (!memo || memo.pairs.length === 0) return null;
  return (
    <div className="nn-pairs">
      <h3>
        Nearest training image of each preview sample (step {memo.step.toLocaleString('en-US')})
      </h3>
      {memo.warning && (
        <p className="muted small-print" data-testid="memorization-warning">
          ⚠ {memo.warning}
        </p>
      )}
      <div className="nn-grid" data-testid="nn-pairs">
        {memo.pairs.map((p) => (
          <figure
            key={p.sample}
            className={`nn-pair ${p.flagged ? 'flagged' : ''}`}
            data-flagged={p.flagged}
            title={`${p.file} · distance ${p.distance.toFixed(3)} (flag below ${memo.threshold.toFixed(3)})`}
          >
            <FrameCanvas
              frame={{ width: p.thumb, height: p.thumb, rgba: p.sampleRgba, seed: null }}
              label={`Sample ${p.sample + 1}`}
            />
            <FrameCanvas
              frame={{ width: p.thumb, height: p.thumb, rgba: p.trainRgba, seed: null }}
              label={baseName(p.file)}
            />
            <figcaption>
              {p.flagged ? '⚠ ' : ''}
              {p.distance.toFixed(2)}
            </figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}
