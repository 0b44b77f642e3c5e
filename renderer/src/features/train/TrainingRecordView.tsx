import { useActions } from '../../app/StudioContext';
import type { RunMetrics } from '../../store/training-metrics';
import type { ModelRecord } from '../../store/training';
import { DetectorPanel } from './DetectorPanel';
import { LossChart } from './LossChart';
import { baseName } from './words';

const hasMetrics = (m: RunMetrics) =>
  m.status !== null || m.evals.length + m.diversity.length + m.recon.length > 0;

/**
 * A library model's training record, read-only: the loss curves of its run and, when the run had
 * detectors, its FID/KID, diversity and held-out charts. Opened from Explore ("Training record").
 */
export function TrainingRecordView({ record }: { record: ModelRecord }) {
  const actions = useActions();
  const { config } = record;
  const shown = record.history.length;
  return (
    <section className="panel run-panel" aria-label="Training record" data-testid="training-record">
      <div className="panel-head">
        <h2>Training record · {record.name}</h2>
        <button
          className="button small ghost"
          data-testid="record-close"
          onClick={() => void actions.run('train-close-record')}
        >
          Close
        </button>
      </div>
      <div className="run-status">
        <div className="run-stats">
          {config && (
            <span className="run-stat">
              {config.family.toUpperCase()} · {config.size}px · batch {config.batch} · latent{' '}
              {config.latentDim}
            </span>
          )}
          <span className="run-stat" data-testid="record-steps">
            <b>{record.stepCount.toLocaleString('en-US')}</b> steps logged
            {shown < record.stepCount ? ` (${shown.toLocaleString('en-US')} charted)` : ''}
          </span>
        </div>
        <div className="run-meta">
          <span className="muted" title={baseName(record.source)}>
            Record: {baseName(record.source)}
          </span>
        </div>
      </div>
      <div className="record-body">
        <div className="run-body">
          <LossChart history={record.history} empty="This record has no losses." />
        </div>
        {hasMetrics(record.metrics) ? (
          <DetectorPanel metrics={record.metrics} config={config} />
        ) : (
          <p className="muted record-note" data-testid="record-no-metrics">
            No detector or FID/KID history in this record (the run had no detectors).
          </p>
        )}
      </div>
    </section>
  );
}
