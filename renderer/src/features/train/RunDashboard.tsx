import { useStudioState } from '../../app/StudioContext';
import { FrameCanvas } from '../../pixels/FrameCanvas';
import type { TrainState } from '../../../../main/contract/training-schemas';
import { runView, type RunView } from '../../store/training';
import { DetectorPanel } from './DetectorPanel';
import { LossChart } from './LossChart';
import { JobExportPanel } from './JobExportPanel';
import { RunControls } from './RunControls';
import { RunsList } from './RunsList';
import { baseName, etaWords, rateWords, stateWords } from './words';
import { Callout } from '../../ui/Callout';

/** The run: controls, step and speed in words, loss curves, the fixed-seed preview grid, the runs. */
export function RunDashboard() {
  const training = useStudioState((s) => s.training);
  const run = runView(training, training.runId);
  return (
    <section className="panel run-panel" aria-label="Run">
      <div className="panel-head">
        <h2>3 · Run</h2>
        {run && (
          <span className="muted run-where" title={`${run.folder} → ${run.out}`}>
            {baseName(run.folder)} → {run.out}
          </span>
        )}
      </div>
      <RunControls />
      {run && <JobExportPanel runId={run.runId} />}
      <RunStatus run={run} />
      {run?.state === 'failed' && (
        <Callout kind="error" testId="train-failure">
          <span>
            <b>Training failed.</b> {sentence(run.message ?? 'The engine gave no reason.')} The last
            checkpoint is kept in {run.out}; Resume continues from it.
          </span>
        </Callout>
      )}
      {run?.state !== 'failed' && run?.message && <div className="callout info">{run.message}</div>}
      {run ? (
        <>
          <div className="run-body">
            <Preview run={run} />
            <Losses run={run} />
          </div>
          <DetectorPanel metrics={run.metrics} config={run.config} />
        </>
      ) : (
        <div className="empty run-empty">
          <b>Ready when you are.</b> Press Start to train on the scanned folder. Progress, loss
          curves and a preview grid of 16 fixed samples appear here; checkpoints are saved as it
          goes, so a run can be stopped and resumed, even after a restart.
        </div>
      )}
      <RunsList />
    </section>
  );
}

const AFTER: Record<TrainState, string> = {
  starting: 'loading the images…',
  running: '',
  paused: 'paused — Resume continues exactly where it stopped',
  stopping: 'stopping after this step and saving a checkpoint…',
  stopped: 'stopped — Resume continues from the last checkpoint',
  finished: 'done — open the model in Explore',
  failed: '',
};

function RunStatus({ run }: { run: RunView | null }) {
  const p = run?.progress ?? null;
  const total = p?.totalSteps ?? run?.config.steps ?? 0;
  const step = p?.step ?? 0;
  const pct = total > 0 ? Math.min(100, (100 * step) / total) : 0;
  const state = run?.state;
  const eta = state === 'running' && p ? etaWords(p.etaSec) : state ? AFTER[state] : '';
  return (
    <div className="run-status">
      <div className="run-stats">
        <span
          className={`state-badge ${state ?? 'idle'}`}
          data-testid="train-state"
          data-state={state ?? 'idle'}
        >
          {state ? stateWords(state) : 'No run yet'}
        </span>
        <span className="run-stat" data-testid="train-step" hidden={!run}>
          Step <b>{step.toLocaleString('en-US')}</b> / {total.toLocaleString('en-US')}
        </span>
        <span className="run-stat" hidden={!p}>
          Epoch <b>{p ? p.epoch.toFixed(p.epoch < 10 ? 1 : 0) : '—'}</b>
        </span>
        <span className="run-stat" hidden={!p}>
          <b>{p ? rateWords(p.imagesPerSec) : '—'}</b>
        </span>
        <span className="run-pct">{run ? `${Math.floor(pct)}%` : ''}</span>
      </div>
      <div className={`progress-track run-track ${state ?? ''}`}>
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="run-meta">
        <span data-testid="train-eta">{eta}</span>
        <span data-testid="train-backend" title="Where the training math runs">
          {p?.backend ? `Backend: ${p.backend}` : ''}
        </span>
      </div>
    </div>
  );
}

function Preview({ run }: { run: RunView | null }) {
  const preview = run?.preview ?? null;
  return (
    <figure className="train-preview">
      <div className="train-preview-box">
        <FrameCanvas
          frame={preview?.frame}
          hash
          testId="train-preview"
          className="train-preview-canvas"
          label="Preview grid: the same 16 latents at every preview"
        />
        {!preview && (
          <div className="preview-empty">
            {run ? 'The first preview appears after a few steps.' : 'Start a run to see previews.'}
          </div>
        )}
      </div>
      <figcaption className="muted" data-testid="train-preview-step">
        {preview
          ? `Preview at step ${preview.step.toLocaleString('en-US')} · fixed seeds`
          : 'Preview grid · fixed seeds'}
      </figcaption>
    </figure>
  );
}

function Losses({ run }: { run: RunView | null }) {
  return (
    <LossChart
      history={run?.history ?? []}
      empty={run ? 'Loss curves appear as steps complete.' : 'No run yet.'}
    />
  );
}

/** Ends a message from the engine with exactly one full stop. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
