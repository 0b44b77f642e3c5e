import { useEffect } from 'react';
import { useActions, useStudioState } from '../../app/StudioContext';
import { isActive, runView } from '../../store/training';
import { FolderField } from './FolderField';
import { RunDashboard } from './RunDashboard';
import { ScanReportView } from './ScanReportView';
import { SettingsForm } from './SettingsForm';
import { TrainingRecordView } from './TrainingRecordView';

/** Train: a folder → its pre-flight scan → settings → a run dashboard (or a model's training record). */
export function TrainScreen() {
  const actions = useActions();
  const scan = useStudioState((s) => s.training.scan);
  const scannedFolder = useStudioState((s) => s.training.scannedFolder);
  const scanThumbnails = useStudioState((s) => s.training.scanThumbnails);
  const folder = useStudioState((s) => s.training.folder);
  const runState = useStudioState((s) => runView(s.training, s.training.runId)?.state ?? null);
  const busy = useStudioState((s) => s.training.busy);
  const record = useStudioState((s) => s.training.record);
  const stale = scan !== null && scannedFolder !== folder.trim();

  useEffect(() => {
    void actions.refreshRuns(true);
  }, [actions]);

  return (
    <main className="workspace train-workspace" data-testid="screen-train">
      <section className="panel dataset-panel" aria-label="Dataset">
        <div className="panel-head">
          <h2>1 · Dataset</h2>
          <span className="muted">Every image is checked as training will read it</span>
        </div>
        <div className="panel-body">
          <FolderField />
          {stale && (
            <div className="callout info">
              This report is for {scannedFolder}. Scan again to check the new folder.
            </div>
          )}
          {scan ? (
            <ScanReportView scan={scan} thumbnails={scanThumbnails} />
          ) : folder.trim() ? (
            <div className="empty">Press Scan to check this folder before training.</div>
          ) : (
            <div className="empty">
              Type the path of a folder of images (PNG, JPEG, WebP, GIF, TIFF; subfolders too) and
              press Scan. Nothing is changed on disk.
            </div>
          )}
        </div>
      </section>
      <section className="panel settings-panel" aria-label="Settings">
        <div className="panel-head">
          <h2>2 · Settings</h2>
          <span className="muted">Suggested for this folder</span>
        </div>
        <div className="panel-body">
          <SettingsForm disabled={busy || (runState !== null && isActive(runState))} />
        </div>
      </section>
      {record ? <TrainingRecordView record={record} /> : <RunDashboard />}
    </main>
  );
}
