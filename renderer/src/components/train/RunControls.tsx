import { useActions, useStudioState } from '../../app/StudioContext';
import { exportRunJob } from '../../commands/screens';
import type { RunView } from '../../state/training';

/**
 * Start / Pause / Resume / Stop, each enabled only when train.state allows it. Resume continues a
 * paused run (train.control) or a stopped or failed one from its last checkpoint (train.start).
 */
export function RunControls({ run }: { run: RunView | null }) {
  const actions = useActions();
  const config = useStudioState((s) => s.training.config);
  const scanned = useStudioState((s) => s.training.scan?.usable ?? 0);
  const busy = useStudioState((s) => s.progress.length > 0);
  const state = run?.state ?? null;
  const live =
    state === 'starting' || state === 'running' || state === 'paused' || state === 'stopping';
  const canStart = !live && config !== null && scanned > 0 && !busy;
  const canResume = state === 'paused' || ((state === 'stopped' || state === 'failed') && !busy);
  const checkpointed = (run?.progress?.step ?? 0) >= (run?.config.checkpointEvery ?? Infinity);
  const finished = state === 'finished';
  const canExportJob = useStudioState((s) => exportRunJob.enabled({ state: s, actions }));
  return (
    <div className="run-controls">
      <button
        className={`button ${canStart && (!run || state === 'failed') ? 'primary' : ''}`}
        data-testid="train-start-button"
        disabled={!canStart}
        title={config ? 'Start a new run with these settings' : 'Scan a folder first'}
        onClick={() => void actions.startRun()}
      >
        ▶ {run && !live ? 'Start new run' : 'Start'}
      </button>
      <button
        className="button"
        data-testid="train-pause-button"
        disabled={state !== 'running'}
        onClick={() => void actions.controlRun('pause')}
      >
        ❚❚ Pause
      </button>
      <button
        className={`button ${state === 'paused' || state === 'stopped' ? 'primary' : ''}`}
        data-testid="train-resume-button"
        disabled={!canResume}
        title={
          state === 'paused'
            ? 'Continue this run'
            : 'Continue from the last checkpoint, in the same out folder'
        }
        onClick={() =>
          void (state === 'paused' ? actions.controlRun('resume') : actions.resumeStoppedRun())
        }
      >
        ↻ Resume
      </button>
      <button
        className="button danger"
        data-testid="train-stop-button"
        disabled={!(state === 'running' || state === 'paused' || state === 'starting')}
        title="Stop after this step; a checkpoint is saved so the run can be resumed"
        onClick={() => void actions.controlRun('cancel')}
      >
        ■ Stop
      </button>
      <span className="spacer" />
      <button
        className="button"
        data-testid="train-export-job-button"
        disabled={!canExportJob}
        title="Write this run (from its newest checkpoint) as a PyTorch job folder to train on GPUs; its README says how to launch it and bring the result back"
        onClick={() => void exportRunJob.perform({ state: actions.ctx.store.get(), actions })}
      >
        Export PyTorch job
      </button>
      <button
        className={`button ${finished ? 'primary' : ''}`}
        data-testid="train-open-button"
        disabled={!run || busy || (!finished && !checkpointed) || state === 'starting'}
        title={
          finished
            ? 'Add the trained model to your models and explore it'
            : 'Export the latest checkpoint as a model and explore it'
        }
        onClick={() => void actions.openRunModel(!finished)}
      >
        {finished ? 'Open in Explore →' : 'Open latest checkpoint'}
      </button>
    </div>
  );
}
