import type { RunMetrics } from '../../actions/training-metrics';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import type { TrainConfig } from '../../../../main/contract/training-schemas';
import { LineChart } from '../charts/LineChart';
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
  family,
}: {
  metrics: RunMetrics | null;
  family: TrainConfig['family'] | null;
}) {
  if (!m) return null;
  return (
    <section className="detectors" aria-label="Detectors" data-testid="detectors">
      {m.status && (
        <div className="callout info" data-testid="detectors-status">
          {m.status}
        </div>
      )}
      {m.collapseAlarm && (
        <div className="callout error" role="alert" data-testid="collapse-alarm">
          <span className="callout-icon" aria-hidden>
            !
          </span>
          <span>
            <b>Step {m.collapseAlarm.step.toLocaleString('en-US')}:</b> {m.collapseAlarm.text}
          </span>
        </div>
      )}
      {m.memorization?.alarm && (
        <div className="callout error" role="alert" data-testid="memorization-alarm">
          <span className="callout-icon" aria-hidden>
            !
          </span>
          <span>{m.memorization.alarm}</span>
        </div>
      )}
      <div className="detector-charts">
        <Diversity m={m} />
        <Quality m={m} />
        {family === 'vae' && <HeldOut m={m} />}
      </div>
      <Pairs m={m} />
      {m.extractor && <p className="muted detector-extractor">Features: {m.extractor}</p>}
    </section>
  );
}

function Diversity({ m }: { m: RunMetrics }) {
  const ref = m.reference;
  const steps = m.diversity.map((d) => d.step);
  return (
    <div className="detector-chart">
      <h3>Diversity</h3>
      <LineChart
        testId="diversity-chart"
        xLabel="step"
        format={fixed(3)}
        empty="Diversity appears with the first preview."
        series={[
          {
            key: 'diversity',
            label: 'samples',
            color: '#7aa7e0',
            points: m.diversity.map((d) => ({ x: d.step, y: d.diversity })),
          },
          {
            key: 'reference',
            label: 'training set',
            color: '#6cc58f',
            points: ref === null ? [] : steps.map((x) => ({ x, y: ref })),
          },
          {
            key: 'dup',
            label: 'near-dup share',
            color: '#e5675c',
            points: m.diversity.map((d) => ({ x: d.step, y: d.nearDupShare })),
          },
        ]}
      />
    </div>
  );
}

function Quality({ m }: { m: RunMetrics }) {
  const n = m.evals.at(-1)?.n;
  return (
    <div className="detector-chart">
      <h3>FID / KID vs the training folder{n ? ` (${n} samples)` : ''}</h3>
      <LineChart
        testId="fid-chart"
        xLabel="step"
        format={fixed(2)}
        empty="FID appears every evalEvery steps."
        series={[
          {
            key: 'fid',
            label: 'FID',
            color: '#e0a84a',
            points: m.evals.map((e) => ({ x: e.step, y: e.fid })),
          },
        ]}
      />
      <LineChart
        testId="kid-chart"
        xLabel="step"
        height={120}
        format={fixed(4)}
        empty="KID appears with FID."
        series={[
          {
            key: 'kid',
            label: 'KID',
            color: '#d77fc4',
            points: m.evals.map((e) => ({ x: e.step, y: e.kid })),
          },
        ]}
      />
    </div>
  );
}

function HeldOut({ m }: { m: RunMetrics }) {
  return (
    <div className="detector-chart">
      <h3>Reconstruction: held-out vs training</h3>
      <LineChart
        testId="recon-chart"
        xLabel="step"
        format={fixed(2)}
        empty="Appears with the first preview (needs ≥ 20 images)."
        series={[
          {
            key: 'train',
            label: 'training',
            color: '#7aa7e0',
            points: m.recon.map((r) => ({ x: r.step, y: r.train })),
          },
          {
            key: 'held',
            label: 'held-out',
            color: '#e5675c',
            points: m.recon.map((r) => ({ x: r.step, y: r.heldOut })),
          },
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
