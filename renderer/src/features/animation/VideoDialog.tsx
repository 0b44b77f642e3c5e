import { useState } from 'react';
import { keyframePathSchema, type VideoSettings } from '../../../../main/contract/project-schemas';
import { useActions, useStudioState } from '../../app/StudioContext';
import { currentModel } from '../../store/selectors';
import { NumberField } from '../../ui/NumberField';
import { OutputSizeFields } from '../../ui/OutputSizeFields';
import { useEscape } from '../../ui/use-escape';
import { CRF, EXTENSIONS, joinPath, safeFileName, VIDEO_LABEL } from './video';
import { pathTiming } from './path';
import { SelectField } from '../../ui/SelectField';

const FORMATS: { id: VideoSettings['format']; label: string }[] = [
  { id: 'mp4', label: 'MP4 (H.264)' },
  { id: 'webm', label: 'WebM (VP9)' },
  { id: 'gif', label: 'GIF' },
  { id: 'apng', label: 'Animated PNG' },
];

/** Video export: format, size, fps, quality, file name; progress with Cancel while it runs. */
export function VideoDialog() {
  const actions = useActions();
  const open = useStudioState((s) => s.videoDialog);
  if (!open) return null;
  return <VideoDialogBody close={() => actions.setView({ videoDialog: false })} />;
}

function VideoDialogBody({ close }: { close: () => void }) {
  const actions = useActions();
  const path = useStudioState((s) => s.doc.path);
  const folder = useStudioState((s) => s.doc.exportSettings.folder);
  const dataDir = useStudioState((s) => s.info?.dataDir ?? '');
  const projectName = useStudioState((s) => s.project.name);
  const model = useStudioState(currentModel);
  const job = useStudioState((s) => s.progress.find((p) => p.label.startsWith(VIDEO_LABEL)));
  const [name, setName] = useState(safeFileName(`${projectName}-path`));
  const [result, setResult] = useState<string | null>(null);
  const [exists, setExists] = useState(false);
  const { format, scale } = path.video;
  const crfRange = format === 'mp4' || format === 'webm' ? CRF[format] : null;
  const crf = path.video.crf ?? crfRange?.default;
  const timing = pathTiming(path);
  const size = model ? `${model.props.width * scale}×${model.props.height * scale}` : '';
  const set = (patch: Partial<VideoSettings>) =>
    actions.setPathSettings({ video: { ...path.video, ...patch } });
  const run = async (overwrite = false) => {
    setResult(null);
    setExists(false);
    const res = await actions.exportVideo(name, overwrite);
    if (res) setResult(`Saved ${res.file} — ${res.frames} frames, ${res.width}×${res.height}.`);
    else
      setExists(
        actions.ctx.store
          .getState()
          .errors.some((e) => /exists|already|replace|overwrite/i.test(e.text)),
      );
  };
  useEscape(close, job === undefined);
  const where = joinPath(
    folder.trim() || joinPath(dataDir, 'exports'),
    `${safeFileName(name)}.${EXTENSIONS[format]}`,
  );
  return (
    <div className="palette-backdrop" onMouseDown={job ? undefined : close}>
      <div
        className="dialog"
        role="dialog"
        aria-label="Export video"
        data-testid="video-dialog"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <h2>Export video</h2>
        <p className="muted small-print" data-testid="video-summary">
          {timing
            ? `${path.keys.length} keyframes · ${timing.seconds.toFixed(2)} s · ${timing.frames} frames at ${path.fps} fps${path.loop ? ' · loops' : ''}`
            : 'Add two or more keyframes first.'}
        </p>
        <div className="controls">
          <SelectField
            label="Format"
            testId="video-format"
            value={format}
            options={FORMATS.map((f) => ({ value: f.id, label: f.label }))}
            onChange={(chosen) => set({ format: chosen })}
          />
          <OutputSizeFields
            value={path.video}
            onChange={set}
            modelSize={model?.props}
            testIdPrefix="video"
            explained
          />
          <NumberField
            label="Frames per second"
            testId="video-fps"
            value={path.fps}
            schema={keyframePathSchema.shape.fps}
            width={64}
            onChange={(fps) => actions.setPathSettings({ fps })}
          />
        </div>
        {crfRange && crf !== undefined && (
          <label className="field">
            <span className="field-label">
              Quality: {crf} (lower is better and larger; default {crfRange.default})
            </span>
            <input
              type="range"
              className="slider"
              data-testid="video-quality"
              min={crfRange.min}
              max={crfRange.max}
              value={crf}
              onChange={(e) => set({ crf: Number(e.target.value) })}
            />
          </label>
        )}
        <label className="field">
          <span className="field-label">File name</span>
          <input
            className="input"
            data-testid="video-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <p className="muted small-print">
          {size} · saved to {where}
        </p>
        {job && (
          <div className="eval-progress" data-testid="video-progress">
            <div className="eval-progress-row">
              <span>{job.label}</span>
              <span className="muted">{job.total > 0 ? `${job.done} of ${job.total}` : ''}</span>
            </div>
            <div className={`progress-track ${job.total > 0 ? '' : 'indeterminate'}`}>
              <div
                className="progress-fill"
                style={job.total > 0 ? { width: `${(100 * job.done) / job.total}%` } : undefined}
              />
            </div>
            {job.jobId && (
              <button
                className="button small danger"
                data-testid="video-cancel"
                onClick={() => void actions.cancelJob(job.jobId!)}
              >
                Cancel
              </button>
            )}
          </div>
        )}
        {result && (
          <div className="callout ok" data-testid="video-result">
            {result}
          </div>
        )}
        {exists && (
          <div className="callout warn">
            <span>That file is there already.</span>
            <button className="button danger" onClick={() => void run(true)}>
              Replace it
            </button>
          </div>
        )}
        <div className="controls">
          <button
            className="button primary"
            data-testid="video-export-button"
            disabled={!timing || job !== undefined}
            onClick={() => void run()}
          >
            Export {format.toUpperCase()}
          </button>
          <button className="button" onClick={close} disabled={job !== undefined}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
