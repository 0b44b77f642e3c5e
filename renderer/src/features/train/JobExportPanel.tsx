import { useActions, useStudioState } from '../../app/StudioContext';
import { inDesktopShell } from '../../app/platform';
import type { Res } from '../../../../main/contract/channels';

/**
 * "Export as PyTorch job": where the job folder goes (a folder that exists on the engine's
 * machine, chosen with the desktop's dialog or typed; empty: the data folder's jobs/), then the
 * folder, its files and the launch commands its README gives (one GPU, torchrun, nodes, spawn,
 * and the way back into the studio).
 */
export function JobExportPanel({ runId }: { runId: string }) {
  const actions = useActions();
  const job = useStudioState((s) => s.training.jobExport);
  const dataDir = useStudioState((s) => s.info?.dataDir ?? 'the data folder');
  const busy = useStudioState((s) => s.progress.length > 0);
  if (!job || job.runId !== runId) return null;
  return (
    <section className="job-export" data-testid="job-export" aria-label="Export as PyTorch job">
      <div className="job-export-head">
        <b>Export as PyTorch job</b>
        <span className="muted">
          {' '}
          — the run’s newest checkpoint as a folder that PyTorch trains on a GPU machine
          (DistributedDataParallel), and brings back
        </span>
        <button
          className="button ghost"
          aria-label="Close"
          data-testid="job-export-close"
          onClick={() => actions.closeJobExport()}
        >
          ×
        </button>
      </div>
      <label className="field">
        <span className="field-label">
          Into folder{' '}
          <span className="muted">
            (one that exists on the engine’s machine; empty: {dataDir}/jobs)
          </span>
        </span>
        <span className="folder-row">
          <input
            className="input folder-input"
            data-testid="job-export-into"
            spellCheck={false}
            placeholder={`${dataDir}/jobs`}
            value={job.into}
            onChange={(e) => actions.setJobExportFolder(e.target.value)}
          />
          {inDesktopShell() && (
            <button className="button" onClick={() => void actions.chooseJobFolder()}>
              Choose…
            </button>
          )}
          <button
            className="button primary"
            data-testid="job-export-button"
            disabled={busy}
            onClick={() => void actions.exportJob()}
          >
            Export
          </button>
        </span>
      </label>
      {job.result && <JobExportResult result={job.result} />}
    </section>
  );
}

function JobExportResult({ result }: { result: Res<'train.exportJob'> }) {
  const c = result.commands;
  const lines = [
    `# one GPU (or the CPU)\n${c.single}`,
    `# several GPUs on this machine (torchrun, DistributedDataParallel)\n${c.gpus}`,
    `# several nodes (on each)\n${c.nodes.join('\n')}`,
    `# several processes without torchrun\n${c.spawn}`,
    `# back in the studio\n${c.importModel}\n${c.importCheckpoint}`,
  ];
  return (
    <div className="job-export-result" data-testid="job-export-result">
      <div>
        Wrote a {result.family.toUpperCase()} job starting at step{' '}
        {result.startStep.toLocaleString('en-US')} ({result.steps.toLocaleString('en-US')} steps in
        all) to <code data-testid="job-export-dir">{result.dir}</code>
      </div>
      {result.files && (
        <div className="muted" data-testid="job-export-files">
          {result.files.join('  ')}
        </div>
      )}
      <div className="muted">
        Copy the folder to the GPU machine (Python 3.9+, PyTorch ≥ 1.13, NumPy); its README.md says
        the same:
      </div>
      <pre className="job-export-commands" data-testid="job-export-commands">
        {lines.join('\n\n')}
      </pre>
    </div>
  );
}
