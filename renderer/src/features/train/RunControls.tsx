import { useCommand, useStudioState } from '../../app/StudioContext';
import { runView } from '../../store/training';
import { runControls } from './run-controls';

/**
 * Start / Pause / Resume / Stop / PyTorch job / Open, each the registered command of that name (enabled exactly
 * when train.state allows it: run-controls.ts). Resume continues a paused run (train.control) or
 * a stopped or failed one from its last checkpoint (train.start).
 */
export function RunControls() {
  const start = useCommand('train-start');
  const pause = useCommand('train-pause');
  const resume = useCommand('train-resume');
  const stop = useCommand('train-stop');
  const open = useCommand('train-open-model');
  const exportJob = useCommand('train-export-job');
  const configured = useStudioState((s) => s.training.config !== null);
  const startsNew = useStudioState((s) => runControls(s).startsNew);
  const resumeKind = useStudioState((s) => runControls(s).resume);
  const finished = useStudioState((s) => runControls(s).finished);
  const state = useStudioState((s) => runView(s.training, s.training.runId)?.state ?? null);
  const textRun = useStudioState(
    (s) => runView(s.training, s.training.runId)?.config.family === 'text',
  );
  const emphasiseStart = start.enabled && (!startsNew || state === 'failed');
  return (
    <div className="run-controls">
      <button
        className={`button ${emphasiseStart ? 'primary' : ''}`}
        data-testid="train-start-button"
        disabled={!start.enabled}
        title={configured ? 'Start a new run with these settings' : 'Scan a folder first'}
        onClick={() => start.run()}
      >
        ▶ {startsNew ? 'Start new run' : 'Start'}
      </button>
      <button
        className="button"
        data-testid="train-pause-button"
        disabled={!pause.enabled}
        onClick={() => pause.run()}
      >
        ❚❚ Pause
      </button>
      <button
        className={`button ${state === 'paused' || state === 'stopped' ? 'primary' : ''}`}
        data-testid="train-resume-button"
        disabled={!resume.enabled}
        title={
          resumeKind === 'control'
            ? 'Continue this run'
            : 'Continue from the last checkpoint, in the same out folder'
        }
        onClick={() => resume.run()}
      >
        ↻ Resume
      </button>
      <button
        className="button danger"
        data-testid="train-stop-button"
        disabled={!stop.enabled}
        title="Stop after this step; a checkpoint is saved so the run can be resumed"
        onClick={() => stop.run()}
      >
        ■ Stop
      </button>
      <span className="spacer" />
      <button
        className="button"
        data-testid="train-export-job-button"
        disabled={!exportJob.enabled}
        title="The run as a PyTorch job folder for a GPU machine or cluster (torchrun, DDP)"
        onClick={() => exportJob.run()}
      >
        PyTorch job…
      </button>
      <button
        className={`button ${finished ? 'primary' : ''}`}
        data-testid="train-open-button"
        disabled={!open.enabled}
        title={
          finished
            ? 'Add the trained model to your models and explore it'
            : 'Export the latest checkpoint as a model and explore it'
        }
        onClick={() => open.run()}
      >
        {finished ? (textRun ? 'Open in Text →' : 'Open in Explore →') : 'Open latest checkpoint'}
      </button>
    </div>
  );
}
